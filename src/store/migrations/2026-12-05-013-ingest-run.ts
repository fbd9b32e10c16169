// Frozen in time. Every ingest is recorded as a run: when it started, how far it got, when it
// finished. A run killed halfway stays 'running' with an old heartbeat, so the next reader can tell
// that the figures lack part of a delivery instead of serving half the data as if it were whole.
// No file names (they can carry a BSN or a name): only how many inputs were given and, to recognise
// a later ingest of the same inputs, a digest of them keyed with the pseudonym key (docs/ijw.md).
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table ingest_run (
    id integer generated always as identity primary key,
    -- what started it: 'ingest' (the command, or a caller of the use case) or 'start --demo'
    command text not null,
    -- the number of paths given (0 for the demo)
    inputs integer not null,
    -- HMAC of the resolved input paths with the pseudonym key, or the demo's parameters; a later run
    -- with the same key that finishes completes this one (completed_by)
    inputs_key text,
    -- start --demo: the generated traffic's period and seed, so an interrupted demo is completed alike
    demo jsonb,
    messages integer not null default 0,
    accepted integer not null default 0,
    rejected integer not null default 0,
    duplicates integer not null default 0,
    -- young people whose trajectories the run refreshed at its end
    refreshed integer,
    status text not null check (status in ('running', 'finished', 'failed')),
    phase text not null check (phase in ('preparing', 'storing', 'refreshing', 'done')),
    -- the kind of error a failed run met (an error name or code, never its text, which can hold a path)
    failure text,
    -- where it runs: a process on this host can be asked whether it still runs; the token tells
    -- this process's own runs apart (random per run)
    host text not null,
    pid integer not null,
    token text not null,
    started_at timestamptz not null default clock_timestamp(),
    heartbeat_at timestamptz not null default clock_timestamp(),
    stored_at timestamptz,
    finished_at timestamptz,
    completed_by integer references ingest_run (id)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
