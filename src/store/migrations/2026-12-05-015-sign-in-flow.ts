// Frozen in time. A sign-in through an identity provider in progress: the state, nonce and PKCE
// verifier between the redirect to the provider and its answer, kept in the database (not in one
// process's memory) so that any server process can finish it. Stored under the SHA-256 of the
// random value in the browser's short-lived cookie; used once.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sign_in_flow (
    id_hash text primary key,
    state text not null,
    nonce text not null,
    code_verifier text not null,
    created_at timestamptz not null default clock_timestamp()
  )`,
  // How a session was opened: an initial password must be changed before a password session may do
  // more; a session the identity provider vouched for need not.
  `alter table account_session add column via text not null default 'password' check (via in ('password', 'oidc'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
