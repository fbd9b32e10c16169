// Frozen in time. CBS StatLine figures for the national comparison [issue 15]: per table and
// measure, per municipality and period (a half year or year), as CBS published them; an import
// replaces the table's measure as a whole.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table statline_figure (
    table_id text not null,
    measure text not null,
    municipality text not null,
    period text not null,
    value text,
    source text not null,
    imported_at timestamptz not null default clock_timestamp(),
    primary key (table_id, measure, municipality, period)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
