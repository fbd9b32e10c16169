// Days in care per care form, municipality and area of one provider's young people in a period, from
// the stored trajectories: the basis on which a provider's reported cost is attributed to
// municipalities and areas (src/domain/cost-attribution.ts). A trajectory's days are those of the
// period it covers, its end date included. Plain PostgreSQL.
import { sql, type Kysely } from 'kysely';
import type { CareDays } from '../domain/cost-attribution.ts';
import type { Period } from '../domain/reach-figures.ts';
import { dimensionExpression, type DimensionTables } from './reach-query.ts';
import type { Database } from './schema.ts';

export async function careDaysInDatabase(db: Kysely<Database>, t: DimensionTables, p: Period, agbCodes: readonly string[]): Promise<CareDays[]> {
  if (agbCodes.length === 0) return [];
  const result = await sql<{ care_form: string; municipality: string; area: string; days: string | number; young: string | number }>`
    select care_form, municipality, area, sum(days) as days, count(distinct pseudonym) as young
    from (
      select (${dimensionExpression('care_form', t, p)}) as care_form, municipality, (${dimensionExpression('area', t, p)}) as area, pseudonym,
        (least(coalesce(end_date, 'infinity'::date), ${p.to}::date) - greatest(start_date, ${p.from}::date) + 1) as days
      from trajectory
      where start_date <= ${p.to}::date and coalesce(end_date, 'infinity'::date) >= ${p.from}::date and provider in (${sql.join(agbCodes)})
    ) t
    group by care_form, municipality, area
    order by care_form, municipality, area`.execute(db);
  return result.rows.map((r) => ({ careForm: r.care_form, municipality: r.municipality, area: r.area, days: Number(r.days), youngPeople: Number(r.young) }));
}
