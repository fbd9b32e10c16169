// Frozen in time. Tries of a password per login, for the per-login throttle [issue 13 "Accounts and
// sign-in"; decisions §44]. A try is written before its password is checked (outcome null while it
// runs) and counts against the login until it is known to have succeeded, so parallel tries cannot
// all pass the check. The audit log keeps recording every try as before; this table only counts.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sign_in_attempt (
    id bigint generated always as identity primary key,
    -- the login as typed (trimmed, lower case): unknown logins are throttled alike
    login text not null,
    at timestamptz not null default clock_timestamp(),
    -- null while the password is being checked; then failed or succeeded
    outcome text check (outcome in ('failed', 'succeeded'))
  )`,
  `create index sign_in_attempt_login_at on sign_in_attempt (login, at)`,
  `create index sign_in_attempt_at on sign_in_attempt (at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
