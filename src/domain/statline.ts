// CBS StatLine tables as downloaded — the OData JSON of a TypedDataSet, or CSV — for the national
// comparison [issue 15 "The national comparison"; REFERENCE-STEERING-DATA §1.3; decisions §60]. A
// table has dimension columns (Perioden, RegioS, and for some a breakdown such as Verwijzer) and
// measure columns (its topics). One measure is read, per municipality of the region and half year
// (or year), with every other dimension at its total. Pure; problems in Dutch and English.

import { findMunicipality } from './import-columns.ts';
import type { Municipality } from './region.ts';

/** The tables the comparison knows, and what of ours each is held against. */
export const STATLINE_TABLES = {
  '85097NED': { nl: 'Jeugdhulptrajecten in natura; verwijzer, regio (gemeente)', ours: 'trajectories' },
  '85094NED': { nl: 'Trajecten jeugdzorg in natura; regio (gemeente), op peildatum', ours: 'on-date' },
  '85098NED': { nl: 'Indicatoren jeugdzorg in natura; gemeenten', ours: 'pct-young-people' },
  /** The population on 1 January (ages added with --filter Leeftijd=<key>+<key>…): the denominator of KPIs per 1,000. */
  '03759NED': { nl: 'Bevolking op 1 januari en gemiddeld; geslacht, leeftijd en regio', ours: 'population' },
} as const;
export type StatlineTable = keyof typeof STATLINE_TABLES;
export const isStatlineTable = (t: string): t is StatlineTable => t in STATLINE_TABLES;

export interface StatlineFigure {
  readonly municipality: string;
  /** "2028-H1", "2028-H2" or "2028". */
  readonly period: string;
  /** Decimal text as CBS gives it; null where CBS shows none (secret or unknown). */
  readonly value: string | null;
}

export interface StatlineProblem {
  readonly en: string;
  readonly nl: string;
  readonly row?: number;
  readonly column?: string;
}

export type StatlineRead = { readonly ok: true; readonly measure: string; readonly figures: readonly StatlineFigure[]; readonly skipped: number } | { readonly ok: false; readonly problems: readonly StatlineProblem[] };

const DIMENSIONS_KNOWN = new Set(['ID', 'Perioden', 'RegioS']);

/** CBS period codes (2028HJ01, 2028JJ00) and StatLine's labels (2028 1e halfjaar, 2028). */
export function statlinePeriod(text: string): string | undefined {
  const t = text.trim().replace(/\*$/, '');
  const code = /^(\d{4})(HJ0([12])|JJ00)$/.exec(t);
  if (code) return code[3] ? `${code[1]}-H${code[3]}` : code[1];
  const label = /^(\d{4})(?:\s+(1e|eerste|2e|tweede)\s+halfjaar)?$/i.exec(t);
  if (label) return label[2] ? `${label[1]}-H${/^(1e|eerste)$/i.test(label[2]) ? 1 : 2}` : label[1];
  return undefined;
}

/** A StatLine number ("1234", "12.5", "12,5"); null for CBS's "." (secret) and empty. */
function statlineValue(raw: unknown): string | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : undefined;
  const t = String(raw).trim();
  if (t === '' || t === '.' || t === '-' || t === 'x') return null;
  const n = t.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(n) ? n : undefined;
}

/**
 * Reads the rows of a table (objects by column name): the municipalities of the region, half years
 * and years; other regions (the country, provinces, youth-care regions) are skipped. `filters` fixes
 * a breakdown dimension (Verwijzer=T001070); without one, a dimension with more than one value is
 * read at its total (a key starting with T00), else refused naming its values.
 */
export function readStatlineRows(rows: readonly Record<string, unknown>[], options: { measure?: string; municipalities: readonly Municipality[]; filters?: Readonly<Record<string, string>> }): StatlineRead {
  const problems: StatlineProblem[] = [];
  if (rows.length === 0) return { ok: false, problems: [{ en: 'the table has no rows', nl: 'de tabel heeft geen rijen' }] };
  const columns = Object.keys(rows[0]!);
  for (const c of ['Perioden', 'RegioS']) if (!columns.includes(c)) problems.push({ en: `the column ${c} is missing; download the table with its dimensions (TypedDataSet)`, nl: `de kolom ${c} ontbreekt; download de tabel met haar dimensies (TypedDataSet)`, column: c });
  if (problems.length > 0) return { ok: false, problems };
  const numeric = (c: string) => rows.every((r) => statlineValue(r[c]) !== undefined);
  // A dimension's keys can look like numbers (Leeftijd 10010): a column named in a filter is a dimension.
  const filtered = new Set(Object.keys(options.filters ?? {}));
  const measures = columns.filter((c) => !DIMENSIONS_KNOWN.has(c) && !filtered.has(c) && numeric(c));
  const dimensions = columns.filter((c) => !DIMENSIONS_KNOWN.has(c) && !measures.includes(c) && c !== options.measure);
  let measure = options.measure;
  if (measure === undefined) {
    if (measures.length === 1) measure = measures[0]!;
    else return { ok: false, problems: [{ en: `the table has ${measures.length} measures; choose one with --measure: ${measures.join(', ')}`, nl: `de tabel heeft ${measures.length} onderwerpen; kies er een met --measure: ${measures.join(', ')}` }] };
  } else if (!columns.includes(measure)) {
    return { ok: false, problems: [{ en: `the table has no measure "${measure}"; it has ${measures.join(', ')}`, nl: `de tabel heeft geen onderwerp "${measure}"; wel ${measures.join(', ')}`, column: measure }] };
  }
  // Every other dimension at the filter's value, or at its total.
  // Per dimension the keys read: one (a filter, or the total), or several joined by "+" whose values
  // are added (the ages 0 to 17 of the population table).
  const keep = new Map<string, readonly string[]>();
  for (const d of dimensions) {
    const values = [...new Set(rows.map((r) => String(r[d] ?? '').trim()))];
    const given = options.filters?.[d];
    if (given !== undefined) {
      const keys = given.split('+').map((k) => k.trim());
      for (const k of keys) if (!values.includes(k)) problems.push({ en: `dimension ${d} has no value "${k}"; it has ${values.slice(0, 12).join(', ')}`, nl: `dimensie ${d} heeft geen waarde "${k}"; wel ${values.slice(0, 12).join(', ')}`, column: d });
      keep.set(d, keys);
    } else if (values.length > 1) {
      const totals = values.filter((v) => /^T00/.test(v) || /^totaal/i.test(v));
      if (totals.length === 1) keep.set(d, [totals[0]!]);
      else problems.push({ en: `dimension ${d} has ${values.length} values and no single total; choose one with --filter ${d}=<key> (or add several: <key>+<key>) (${values.slice(0, 12).join(', ')})`, nl: `dimensie ${d} heeft ${values.length} waarden en geen eenduidig totaal; kies er een met --filter ${d}=<sleutel> (of tel er meer op: <sleutel>+<sleutel>) (${values.slice(0, 12).join(', ')})`, column: d });
    }
  }
  if ([...keep.values()].filter((k) => k.length > 1).length > 1) problems.push({ en: 'add keys up ("+") in one dimension only', nl: 'tel sleutels ("+") in één dimensie op, niet in meer' });
  for (const f of Object.keys(options.filters ?? {})) if (!dimensions.includes(f)) problems.push({ en: `the table has no dimension ${f}`, nl: `de tabel heeft geen dimensie ${f}`, column: f });
  if (problems.length > 0) return { ok: false, problems };
  const summed = [...keep].find(([, k]) => k.length > 1);
  const figures = new Map<string, StatlineFigure & { parts: Set<string> }>();
  let skipped = 0;
  rows.forEach((r, i) => {
    if ([...keep].some(([d, v]) => !v.includes(String(r[d] ?? '').trim()))) return;
    const regionText = String(r['RegioS'] ?? '').trim();
    const m = /^GM\d{4}$/.test(regionText) || !/^[A-Z]{2}\d/.test(regionText) ? findMunicipality(regionText, options.municipalities) : undefined;
    const period = statlinePeriod(String(r['Perioden'] ?? ''));
    if (!m || !period) {
      skipped++;
      return;
    }
    const value = statlineValue(r[measure!]);
    if (value === undefined) {
      problems.push({ en: `"${String(r[measure!])}" is not a number`, nl: `"${String(r[measure!])}" is geen getal`, row: i + 2, column: measure! });
      return;
    }
    const key = `${m.code}|${period}`;
    const part = summed ? String(r[summed[0]] ?? '').trim() : '';
    const earlier = figures.get(key);
    if (earlier && (!summed || earlier.parts.has(part))) {
      problems.push({ en: `${m.name} ${period} appears twice; fix the other dimensions with --filter`, nl: `${m.name} ${period} staat er twee keer in; leg de andere dimensies vast met --filter`, row: i + 2 });
      return;
    }
    if (earlier) {
      earlier.parts.add(part);
      figures.set(key, { ...earlier, value: earlier.value === null || value === null ? null : addDecimals(earlier.value, value) });
    } else figures.set(key, { municipality: m.code, period, value, parts: new Set([part]) });
  });
  if (summed) {
    for (const f of figures.values()) {
      if (f.parts.size !== summed[1].length) problems.push({ en: `${f.municipality} ${f.period} lacks some of ${summed[1].join('+')}`, nl: `${f.municipality} ${f.period} mist een deel van ${summed[1].join('+')}` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (figures.size === 0) return { ok: false, problems: [{ en: 'no row is about a municipality of this region in a half year or year', nl: 'geen rij gaat over een gemeente van deze regio in een halfjaar of jaar' }] };
  const out = [...figures.values()].map(({ parts: _p, ...f }) => f);
  return { ok: true, measure: measure!, figures: out.sort((a, b) => (a.municipality + a.period < b.municipality + b.period ? -1 : 1)), skipped };
}

/** Two decimal texts added exactly (whole numbers, as population counts are; else to the longer decimals). */
function addDecimals(a: string, b: string): string {
  const scale = Math.max((a.split('.')[1] ?? '').length, (b.split('.')[1] ?? '').length);
  const units = (t: string) => {
    const [w, f = ''] = t.split('.');
    const neg = w!.startsWith('-');
    const v = BigInt(w!.replace('-', '') + f.padEnd(scale, '0'));
    return neg ? -v : v;
  };
  const sum = units(a) + units(b);
  const neg = sum < 0n;
  const digits = (neg ? -sum : sum).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`}`;
}

/** The rows of a downloaded file: OData JSON ({"value": [...]}) or CSV records by header. */
export function statlineRowsOf(text: string, csvRows: (text: string) => string[][]): Record<string, unknown>[] | { error: StatlineProblem } {
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      const json = JSON.parse(t) as unknown;
      const value = Array.isArray(json) ? json : (json as { value?: unknown }).value;
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'object' || v === null)) return { error: { en: 'the JSON has no "value" list of rows (OData TypedDataSet)', nl: 'de JSON heeft geen lijst "value" met rijen (OData TypedDataSet)' } };
      return value as Record<string, unknown>[];
    } catch (e) {
      return { error: { en: `the file is not valid JSON: ${(e as Error).message}`, nl: `het bestand is geen geldige JSON: ${(e as Error).message}` } };
    }
  }
  const rows = csvRows(t);
  const header = (rows[0] ?? []).map((h) => h.trim());
  return rows.slice(1).filter((r) => r.some((c) => c.trim() !== '')).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

/** Why our counts differ from CBS's, per table (shown beside the comparison). */
export const DEFINITION_NOTES: Readonly<Record<StatlineTable, string>> = {
  '03759NED': 'De bevolking op 1 januari per gemeente: de noemer van de indicatoren per 1.000 jeugdigen (Inhoudelijke doelen); geen vergelijking.',
  '85097NED':
    'CBS telt trajecten jeugdhulp in natura die in het halfjaar liepen, van alle aanbieders die aan het CBS leveren (ook wat buiten de regionale inkoop valt); wij tellen de trajecten uit de CBS-leveringen aan Jeugdregie (alleen de aanbieders van de regio, en alleen wie leverde) en daarnaast jeugdigen: één jeugdige met twee trajecten is bij ons één.',
  '85094NED': 'CBS telt trajecten die op de peildatum (30 juni, 31 december) liepen; wij tellen de trajecten uit de CBS-leveringen aan Jeugdregie die op die dag liepen, van de aanbieders van de regio.',
  '85098NED':
    'CBS geeft het percentage jongeren tot 18 jaar met jeugdhulp in natura (alle aanbieders, de eigen bevolkingscijfers); wij delen de jeugdigen in zorg bij de aanbieders van de regio (beide bronnen samen) door de bevolking uit het regiobestand.',
};
