// Frozen in time. Accounts, sessions, API tokens and the audit log [issue 13 "Accounts and sign-in"].
// Secrets are never stored as such: a password as its argon2id hash, a session or API token as the
// SHA-256 of its random value (a 256-bit random value needs no slow hash). No personal data of young
// people here; a login is the name an employee signs in with.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table account (
    id integer generated always as identity primary key,
    login text not null unique,
    role text not null check (role in ('region', 'municipality', 'provider', 'council')),
    -- the municipality (CBS code) of a municipality or council account; the provider code of a provider account
    municipality text,
    provider text,
    -- argon2id (PHC string); null for an account that signs in through the identity provider only
    password_hash text,
    -- the initial password printed once must be changed at the first sign-in
    must_change_password boolean not null default false,
    -- "issuer subject" of the identity provider's account, once linked
    oidc_subject text unique,
    created_at timestamptz not null default clock_timestamp(),
    created_by text not null,
    disabled_at timestamptz,
    check ((role in ('municipality', 'council')) = (municipality is not null)),
    check ((role = 'provider') = (provider is not null))
  )`,
  `create table account_session (
    id_hash text primary key,
    account_id integer not null references account (id),
    -- the page sends it back as X-CSRF-Token with every change (double submit, bound to the session)
    csrf_token text not null,
    created_at timestamptz not null default clock_timestamp(),
    last_seen_at timestamptz not null default clock_timestamp(),
    expires_at timestamptz not null,
    ended_at timestamptz
  )`,
  `create index account_session_account on account_session (account_id)`,
  `create table api_token (
    id integer generated always as identity primary key,
    account_id integer not null references account (id),
    token_hash text not null unique,
    -- the first characters of the token, so a person can tell tokens apart in a list
    prefix text not null,
    label text not null,
    created_at timestamptz not null default clock_timestamp(),
    created_by text not null,
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `create table audit_event (
    id bigint generated always as identity primary key,
    at timestamptz not null default clock_timestamp(),
    -- who did it (a login), or null when nobody could be named (a failed sign-in of an unknown login)
    actor text,
    kind text not null,
    -- the login a sign-in was tried for, the export's route and filters, the decision's ledger seq
    detail jsonb not null default '{}'::jsonb
  )`,
  `create index audit_event_at on audit_event (at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
