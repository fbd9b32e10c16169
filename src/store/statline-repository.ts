// CBS StatLine figures for the national comparison [issue 15; migration 020].
import type { Kysely } from 'kysely';
import type { StatlineFigure } from '../domain/statline.ts';
import type { Database } from './schema.ts';
import { noteMonitorChange } from './coverage-repository.ts';

/** Replaces a table's measure by an import's figures; gives how many it replaced. */
export async function replaceStatline(db: Kysely<Database>, table: string, measure: string, source: string, figures: readonly StatlineFigure[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const gone = await trx.deleteFrom('statline_figure').where('table_id', '=', table).where('measure', '=', measure).executeTakeFirst();
    if (figures.length > 0) {
      await trx
        .insertInto('statline_figure')
        .values(figures.map((f) => ({ table_id: table, measure, municipality: f.municipality, period: f.period, value: f.value, source })))
        .execute();
    }
    await noteMonitorChange(trx, `statline ${table} ${measure}`);
    return Number(gone.numDeletedRows ?? 0n);
  });
}

export interface StoredStatline extends StatlineFigure {
  readonly table: string;
  readonly measure: string;
  readonly source: string;
}

export async function statlineFigures(db: Kysely<Database>, period?: string): Promise<StoredStatline[]> {
  let q = db.selectFrom('statline_figure').selectAll().orderBy('table_id').orderBy('measure').orderBy('municipality');
  if (period !== undefined) q = q.where('period', '=', period);
  return (await q.execute()).map((r) => ({ table: r.table_id, measure: r.measure, municipality: r.municipality, period: r.period, value: r.value, source: r.source }));
}
