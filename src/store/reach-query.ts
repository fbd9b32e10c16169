// The reach figures (src/domain/reach-figures.ts) computed inside the database over the stored
// trajectories, so that only the result rows travel. The domain function is the statement of the
// rules; test/monitor-store.test.ts checks that this query gives the same rows for every
// dimension. Plain PostgreSQL (CASE, FILTER, count distinct): runs on PGlite, a server and Citus.
import { ageReferenceDate } from '../domain/reach-figures.ts';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { byGroup, UNASSIGNED_THEME, UNKNOWN_AREA, type Dimension, type Period, type ReachRow } from '../domain/reach-figures.ts';
import type { Region } from '../domain/region.ts';
import type { Database } from './schema.ts';
import type { Population } from '../domain/access/scope.ts';

/** What the dimensions resolve through: the region's configuration and the allocation's themes. */
export interface DimensionTables {
  readonly region: Region;
  /** Provider AGB code → theme(s), as the monitor's theme resolver has it. */
  readonly themes: ReadonlyMap<string, string>;
}

function caseOf(column: string, pairs: readonly (readonly [string, string])[], otherwise: RawBuilder<unknown>): RawBuilder<unknown> {
  if (pairs.length === 0) return otherwise;
  return sql`case ${sql.raw(column)} ${sql.join(pairs.map(([k, v]) => sql`when ${k} then ${v}`), sql` `)} else ${otherwise} end`;
}

export function dimensionExpression(d: Dimension, t: DimensionTables, p: Period): RawBuilder<unknown> {
  switch (d) {
    case 'municipality':
    case 'provider':
    case 'gender':
      return sql.raw(d);
    case 'care_form': {
      const known = new Set(t.region.careForms.map((c) => c.category));
      const mapped = Object.entries(t.region.careFormMapping).filter(([k]) => !known.has(k));
      return caseOf('category', mapped, sql`category`);
    }
    case 'theme':
      return caseOf('provider', [...t.themes], sql`${UNASSIGNED_THEME}::text`);
    case 'area': {
      // As areaResolver: a whole-municipality area first, then the municipality's PC4 table.
      const whole = new Map<string, string>();
      const byPc4 = new Map<string, Map<string, string>>();
      for (const a of t.region.areas) {
        for (const m of a.municipalities) whole.set(m, a.id);
        if (a.within) {
          const table = byPc4.get(a.within.municipality) ?? new Map<string, string>();
          for (const pc4 of a.within.pc4) table.set(pc4, a.id);
          byPc4.set(a.within.municipality, table);
        }
      }
      const branches = [
        ...[...whole].map(([m, a]) => sql`when municipality = ${m} then ${a}::text`),
        ...[...byPc4].filter(([m]) => !whole.has(m)).map(([m, table]) => sql`when municipality = ${m} then ${caseOf('pc4', [...table], sql`${UNKNOWN_AREA}::text`)}`),
      ];
      return branches.length ? sql`case ${sql.join(branches, sql` `)} else ${UNKNOWN_AREA}::text end` : sql`${UNKNOWN_AREA}::text`;
    }
    case 'age_group': {
      // Age at the end of the calendar year the period ends in, or at the end of care when that comes
      // first (see ageReferenceDate): the same for every period of a year, so a half year's figures
      // are its quarters' added up, also by age group.
      const yearEnd = ageReferenceDate(p.to);
      const at = sql`(case when end_date is not null and end_date < ${yearEnd}::date then end_date else ${yearEnd}::date end)`;
      const age = sql`(extract(year from ${at})::int - substr(birth_month, 1, 4)::int - case when extract(month from ${at})::int < substr(birth_month, 6, 2)::int then 1 else 0 end)`;
      return sql`case when ${age} < 4 then '0-4' when ${age} < 12 then '4-12' when ${age} < 18 then '12-18' when ${age} < 23 then '18-23' else '23+' end`;
    }
  }
}

/** The SQL condition of a population on a table with municipality and provider columns. */
export function populationCondition(population: Population, columns: { municipality: string; provider: string } = { municipality: 'municipality', provider: 'provider' }): RawBuilder<unknown> {
  if (population.kind === 'all') return sql`true`;
  const hit =
    population.kind === 'municipality'
      ? sql`${sql.ref(columns.municipality)} = ${population.code}`
      : population.agbCodes.length === 0
        ? sql`false`
        : sql`${sql.ref(columns.provider)} in (${sql.join(population.agbCodes)})`;
  return population.not ? sql`not (${hit})` : hit;
}

export async function reachInDatabase(db: Kysely<Database>, t: DimensionTables, p: Period, by: readonly Dimension[], population: Population = { kind: 'all' }): Promise<ReachRow[]> {
  // Grouped and counted under the "C" collation: only equality matters here (the rows are ordered
  // afterwards by byGroup), which is the same under every deterministic collation, and comparing
  // bytes sorts faster than a linguistic collation (a server created with C.UTF-8: ~14% less time).
  const dims = by.map((d, i) => sql`(${dimensionExpression(d, t, p)}) collate "C" as ${sql.raw(`d${i}`)}`);
  const names = by.map((_, i) => `d${i}`);
  // One scan, two groupings: the figures per group, and the stops per group and reason.
  const sets = sql.raw(`grouping sets ((${names.join(', ')}), (${[...names, 'reason'].join(', ')}))`);
  const result = await sql<Record<string, string | number | null>>`
    select ${sql.raw([...names, 'reason'].join(', '))}, grouping(reason) as whole_group,
      count(distinct pseudonym) as unique_youth,
      count(*) filter (where start_date >= ${p.from}::date) as starts,
      count(*) filter (where end_date <= ${p.to}::date) as stops,
      count(distinct pseudonym) filter (where end_date is null or end_date >= ${p.to}::date) as in_care_end
    from (
      select ${sql.join([...dims, sql`case when end_date <= ${p.to}::date then coalesce(end_reason, '') end collate "C" as reason`, sql`pseudonym collate "C" as pseudonym, start_date, end_date`], sql`, `)}
      from trajectory
      where start_date <= ${p.to}::date and coalesce(end_date, 'infinity'::date) >= ${p.from}::date and ${populationCondition(population)}
    ) t
    group by ${sets}`.execute(db);
  const keyOf = (r: Record<string, unknown>) => names.map((n) => String(r[n])).join('\u0000');
  const byReason = new Map<string, Record<string, number>>();
  const rows: ReachRow[] = [];
  for (const r of result.rows) {
    if (Number(r.whole_group) === 0) {
      if (r.reason === null) continue; // trajectories that did not stop in the period
      const k = keyOf(r);
      const m = byReason.get(k) ?? {};
      m[String(r.reason)] = Number(r.stops);
      byReason.set(k, m);
    } else if (Number(r.unique_youth) > 0) {
      rows.push({
        group: Object.fromEntries(by.map((d, i) => [d, String(r[`d${i}`])])) as Partial<Record<Dimension, string>>,
        uniqueYouth: Number(r.unique_youth),
        starts: Number(r.starts),
        stops: Number(r.stops),
        stopsByReason: {},
        inCareEnd: Number(r.in_care_end),
      });
    }
  }
  return rows.map((r) => ({ ...r, stopsByReason: byReason.get(keyOf(Object.fromEntries(by.map((d, i) => [`d${i}`, r.group[d]])))) ?? {} })).sort(byGroup(by));
}
