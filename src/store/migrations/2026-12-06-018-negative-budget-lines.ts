// Frozen in time. A budget line may be negative: a savings task (taakstelling, seed 000 §5.1), as
// long as the municipality's total stays above zero, which the budget rules check (decisions §11).
// The projection's check that every line is zero or more goes.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`alter table budget_line drop constraint if exists budget_line_amount_cents_check`).execute(db);
}
