// The checks on a region's reference data that a JSON schema cannot express (DOMAIN.md §2):
// codes unique, references resolvable, and every young person's municipality and postcode leading
// to exactly one area. Pure: it reports every problem at once and leaves reading and printing to
// src/config/region-file.ts.

import { INSTALMENT_COUNTS, type Region } from './region.ts';
import { countsOf, FormulaError, parseFormula, parseTarget } from './kpi.ts';

/** Where in the region (and so in its file, which has the same shape) a problem sits: ['areas', 2, 'within', 'pc4', 5]. */
export type RegionPath = readonly (string | number)[];

export interface RegionIssue {
  readonly path: RegionPath;
  readonly message: string;
}

// The same formats as regions/region.schema.json; repeated here because a Region can also be built
// in code (tests, imports) without passing through the schema.
const MUNICIPALITY_CODE = /^[0-9]{4}$/;
const PC4 = /^[1-9][0-9]{3}$/;
const THEME_CODE = /^[A-Z0-9][A-Z0-9_-]{0,15}$/;
const CARE_FORM_CATEGORY = /^[0-9]{2}$/;
const IDENTIFIER = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const YEAR_KEY = /^2[01][0-9]{2}$/;
const PERCENT = /^-?[0-9]+(\.[0-9]+)?$/;

export function validateRegion(region: Region): RegionIssue[] {
  const issues: RegionIssue[] = [];
  const report = (path: RegionPath, message: string): void => {
    issues.push({ path, message });
  };

  if (!IDENTIFIER.test(region.id)) report(['id'], `"${region.id}" is not an identifier (lower-case letters, digits and single hyphens)`);
  if (region.name.trim() === '') report(['name'], 'must not be empty');

  // Municipalities.
  const municipalityIndex = new Map<string, number>();
  region.municipalities.forEach((m, i) => {
    if (!MUNICIPALITY_CODE.test(m.code)) {
      report(['municipalities', i, 'code'], `"${m.code}" is not a CBS municipality code (four digits, e.g. "0363")`);
      return;
    }
    const first = municipalityIndex.get(m.code);
    if (first !== undefined) report(['municipalities', i, 'code'], `duplicate municipality code "${m.code}" (also at municipalities[${first}])`);
    else municipalityIndex.set(m.code, i);
  });
  const nameIndex = new Map<string, number>();
  region.municipalities.forEach((m, i) => {
    const key = m.name.trim().toLowerCase();
    const first = nameIndex.get(key);
    if (first !== undefined) report(['municipalities', i, 'name'], `duplicate municipality name "${m.name}" (also at municipalities[${first}])`);
    else nameIndex.set(key, i);
  });
  // Postcode areas: a range runs upwards, and no postcode lies in two municipalities.
  const pc4Owner: { from: number; to: number; at: number }[] = [];
  region.municipalities.forEach((m, i) => {
    (m.pc4 ?? []).forEach((entry, k) => {
      const [a, b] = entry.split('-');
      const from = Number(a);
      const to = Number(b ?? a);
      if (!(from <= to)) {
        report(['municipalities', i, 'pc4', k], `"${entry}" is not a range of postcodes from low to high (like "1180-1189")`);
        return;
      }
      const other = pc4Owner.find((o) => o.from <= to && from <= o.to);
      if (other !== undefined && other.at !== i) report(['municipalities', i, 'pc4', k], `postcodes ${entry} overlap those of municipalities[${other.at}]: a postcode belongs to one municipality`);
      pc4Owner.push({ from, to, at: i });
    });
  });
  const knownMunicipalities = [...municipalityIndex.keys()].join(', ');
  const unknownMunicipality = (code: string): string =>
    MUNICIPALITY_CODE.test(code)
      ? `unknown municipality "${code}": not in municipalities (${knownMunicipalities})`
      : `"${code}" is not a CBS municipality code (four digits, e.g. "0363")`;

  // Areas: each municipality whole in exactly one area, or split by postcode over areas.
  checkUnique(region.areas.map((a) => a.id), (i) => ['areas', i, 'id'], 'area id', IDENTIFIER, 'an identifier (lower-case letters, digits and single hyphens)', report);
  const wholeIn = new Map<string, { area: number; path: RegionPath }>();
  const splitIn = new Map<string, { area: number; path: RegionPath }>();
  // Keyed by municipality and postcode: the area lookup goes municipality first, so a postcode that
  // straddles a municipal border may sit in one area of each municipality.
  const pc4In = new Map<string, { area: number; path: RegionPath }>();
  const areaLabel = (i: number): string => `area "${region.areas[i]?.id ?? i}"`;

  region.areas.forEach((area, a) => {
    if (area.name.trim() === '') report(['areas', a, 'name'], 'must not be empty');
    if (area.municipalities.length === 0 && area.within === undefined) {
      report(['areas', a], 'covers nothing: give municipalities, or within with a municipality and its postcodes');
    }
    area.municipalities.forEach((code, k) => {
      const path: RegionPath = ['areas', a, 'municipalities', k];
      if (!municipalityIndex.has(code)) {
        report(path, unknownMunicipality(code));
        return;
      }
      const whole = wholeIn.get(code);
      if (whole !== undefined) {
        report(path, whole.area === a
          ? `municipality "${code}" is listed twice in this area`
          : `municipality "${code}" is already a whole member of ${areaLabel(whole.area)} (${formatRegionPath(whole.path)})`);
        return;
      }
      wholeIn.set(code, { area: a, path });
    });
    if (area.within === undefined) return;
    const within = area.within;
    const municipalityPath: RegionPath = ['areas', a, 'within', 'municipality'];
    if (!municipalityIndex.has(within.municipality)) report(municipalityPath, unknownMunicipality(within.municipality));
    else if (!splitIn.has(within.municipality)) splitIn.set(within.municipality, { area: a, path: municipalityPath });
    within.pc4.forEach((pc4, k) => {
      const path: RegionPath = ['areas', a, 'within', 'pc4', k];
      if (!PC4.test(pc4)) {
        report(path, `"${pc4}" is not a 4-digit postcode from 1000 to 9999`);
        return;
      }
      const key = `${within.municipality}/${pc4}`;
      const first = pc4In.get(key);
      if (first === undefined) pc4In.set(key, { area: a, path });
      else if (first.area === a) report(path, `postcode ${pc4} is listed twice in this area (also at ${formatRegionPath(first.path)})`);
      else report(path, `postcode ${pc4} of municipality "${within.municipality}" is already in ${areaLabel(first.area)} (${formatRegionPath(first.path)}); a postcode may be in one area only`);
    });
  });
  // A municipality split by postcode cannot also belong to an area as a whole: its young people would have two areas.
  region.areas.forEach((area, a) => {
    if (area.within === undefined) return;
    const whole = wholeIn.get(area.within.municipality);
    if (whole !== undefined) {
      report(['areas', a, 'within', 'municipality'],
        `municipality "${area.within.municipality}" is split by postcode here but is also a whole member of ${areaLabel(whole.area)} (${formatRegionPath(whole.path)})`);
    }
  });
  region.municipalities.forEach((m, i) => {
    if (municipalityIndex.get(m.code) !== i) return;
    if (!wholeIn.has(m.code) && !splitIn.has(m.code)) {
      report(['municipalities', i, 'code'], `municipality "${m.code}" (${m.name}) is in no area: list it in an area's municipalities, or split it over areas by postcode with within`);
    }
  });

  // Themes and care forms.
  region.themes.forEach((t, i) => {
    if (t.name.trim() === '') report(['themes', i, 'name'], 'must not be empty');
  });
  checkUnique(region.themes.map((t) => t.code), (i) => ['themes', i, 'code'], 'theme code', THEME_CODE, 'a theme code (capital letters, digits, - or _, e.g. "A")', report);
  region.careForms.forEach((c, i) => {
    if (c.name.trim() === '') report(['careForms', i, 'name'], 'must not be empty');
  });
  checkUnique(region.careForms.map((c) => c.category), (i) => ['careForms', i, 'category'], 'care form category', CARE_FORM_CATEGORY, 'an iJw product category (two digits, e.g. "32")', report);
  const careForms = new Set(region.careForms.map((c) => c.category));
  const knownCareForms = [...careForms].join(', ');
  for (const [from, to] of Object.entries(region.careFormMapping)) {
    const path: RegionPath = ['careFormMapping', from];
    if (!CARE_FORM_CATEGORY.test(from)) report(path, `"${from}" is not an iJw product category (two digits, e.g. "54")`);
    else if (careForms.has(from)) report(path, `category "${from}" is itself a care form and cannot be mapped onto another`);
    if (!careForms.has(to)) report(path, `maps onto unknown care form "${to}": not in careForms (${knownCareForms})`);
  }

  // Budgets: one budget per municipality and year, each line named once.
  const budgetIndex = new Map<string, number>();
  region.budgets.forEach((b, i) => {
    if (!Number.isInteger(b.year) || b.year < 2000 || b.year > 2199) report(['budgets', i, 'year'], `${b.year} is not a calendar year`);
    if (!municipalityIndex.has(b.municipality)) report(['budgets', i, 'municipality'], unknownMunicipality(b.municipality));
    const key = `${b.year}/${b.municipality}`;
    const first = budgetIndex.get(key);
    if (first !== undefined) report(['budgets', i], `second budget for municipality "${b.municipality}" in ${b.year} (first at budgets[${first}]); put all its lines in one budget`);
    else budgetIndex.set(key, i);
    if (b.lines.length === 0) report(['budgets', i, 'lines'], 'a budget needs at least one line');
    // A line may be negative (a savings task, seed 000 §5.1); the municipality's total may not.
    if (b.lines.length > 0 && b.lines.reduce((t, l) => t + l.amountCents, 0n) <= 0n) report(['budgets', i, 'lines'], "the lines add up to zero or less; a municipality's yearly budget is more than zero (a savings line may be negative, the total not)");
    const lineIndex = new Map<string, number>();
    b.lines.forEach((l, k) => {
      if (l.line.trim() === '') report(['budgets', i, 'lines', k, 'line'], 'must not be empty');
      const firstLine = lineIndex.get(l.line);
      if (firstLine !== undefined) report(['budgets', i, 'lines', k, 'line'], `duplicate budget line "${l.line}" (also at lines[${firstLine}])`);
      else lineIndex.set(l.line, k);
    });
  });

  // Policies.
  for (const [year, pct] of Object.entries(region.budgetPolicy.indexation)) {
    const path: RegionPath = ['budgetPolicy', 'indexation', year];
    if (!YEAR_KEY.test(year)) report(path, `"${year}" is not a calendar year`);
    if (!PERCENT.test(pct)) report(path, `"${pct}" is not a percentage (e.g. "2.5")`);
    else if (pct.startsWith('-') && Number(pct) <= -100) report(path, `indexation of ${pct}% would make every budget zero or negative`);
  }
  const threshold = region.settlementPolicy.deviationThresholdPct;
  if (!PERCENT.test(threshold) || threshold.startsWith('-')) report(['settlementPolicy', 'deviationThresholdPct'], `"${threshold}" is not a percentage of zero or more (e.g. "2")`);
  else if (Number(threshold) > 100) report(['settlementPolicy', 'deviationThresholdPct'], `${threshold} percentage points can never be exceeded; use at most 100`);

  const downward = region.adjustmentPolicy?.downwardThresholdPct;
  if (downward !== undefined) {
    if (!PERCENT.test(downward) || downward.startsWith('-')) report(['adjustmentPolicy', 'downwardThresholdPct'], `"${downward}" is not a percentage of zero or more (e.g. "5")`);
    else if (Number(downward) >= 100) report(['adjustmentPolicy', 'downwardThresholdPct'], `${downward}% would allow no downward adjustment at all; use less than 100`);
  }
  const instalments = region.paymentPolicy?.instalments;
  if (instalments !== undefined && !(INSTALMENT_COUNTS as readonly number[]).includes(instalments)) {
    report(['paymentPolicy', 'instalments'], `${instalments} instalments do not divide the year into whole months; use one of ${INSTALMENT_COUNTS.join(', ')}`);
  }
  if (region.timeZone !== undefined && !isTimeZone(region.timeZone)) report(['timeZone'], `"${region.timeZone}" is not a time zone name such as Europe/Amsterdam`);

  region.upwardReasons.forEach((r, i) => {
    if (r.description.trim() === '') report(['upwardReasons', i, 'description'], 'must not be empty');
  });
  checkUnique(region.upwardReasons.map((r) => r.code), (i) => ['upwardReasons', i, 'code'], 'upward reason code', IDENTIFIER, 'an identifier (lower-case letters, digits and single hyphens)', report);

  // KPIs: a formula that parses, or the source it needs; targets and baselines that read; known themes.
  const kpiIds = new Map<string, number>();
  (region.kpis ?? []).forEach((k, i) => {
    const first = kpiIds.get(k.id);
    if (first !== undefined) report(['kpis', i, 'id'], `duplicate KPI id "${k.id}" (also at kpis[${first}])`);
    else kpiIds.set(k.id, i);
    if (!region.themes.some((t) => t.code === k.theme)) report(['kpis', i, 'theme'], `unknown theme "${k.theme}": not in themes (${region.themes.map((t) => t.code).join(', ')})`);
    if (k.formula === undefined && k.needs === undefined) report(['kpis', i], 'give a formula, or under needs the source the KPI needs');
    if (k.formula !== undefined) {
      try {
        const f = parseFormula(k.formula);
        const known = new Set(region.careForms.map((c) => c.category));
        for (const c of countsOf(f)) for (const form of c.careForms) if (!known.has(form)) report(['kpis', i, 'formula'], `care form ${form} is not one of the region's (${[...known].join(', ')})`);
      } catch (e) {
        if (!(e instanceof FormulaError)) throw e;
        report(['kpis', i, 'formula'], e.message);
      }
    }
    for (const [year, t] of Object.entries(k.targets ?? {})) {
      if (!/^\d{4}$/.test(year)) report(['kpis', i, 'targets', year], `"${year}" is not a year`);
      if (parseTarget(t) === undefined) report(['kpis', i, 'targets', year], `"${t}" is neither a value like 4.5 nor a change like -30%`);
      if (parseTarget(t)?.kind === 'change' && k.baseline === undefined) report(['kpis', i, 'targets', year], 'a change against the baseline needs a baseline');
    }
    for (const scope of Object.keys(k.baseline?.values ?? {})) {
      if (scope !== 'region' && !municipalityIndex.has(scope)) report(['kpis', i, 'baseline', 'values', scope], `"${scope}" is neither region nor a municipality code of this region`);
    }
  });

  return issues;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function checkUnique(
  codes: readonly string[],
  pathOf: (i: number) => RegionPath,
  what: string,
  format: RegExp,
  formatText: string,
  report: (path: RegionPath, message: string) => void,
): void {
  const seen = new Map<string, number>();
  codes.forEach((code, i) => {
    if (!format.test(code)) {
      report(pathOf(i), `"${code}" is not ${formatText}`);
      return;
    }
    const first = seen.get(code);
    if (first !== undefined) report(pathOf(i), `duplicate ${what} "${code}" (also at ${formatRegionPath(pathOf(first))})`);
    else seen.set(code, i);
  });
}

/** ['areas', 2, 'within', 'pc4', 5] → "areas[2].within.pc4[5]"; keys that are not plain names are quoted: indexation["2029"]. */
export function formatRegionPath(path: RegionPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
