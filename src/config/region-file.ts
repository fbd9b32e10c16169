// Reads a region file (regions/<id>.yaml) into the frozen Region the domain works with (DOMAIN.md §2).
// Three passes, each reporting every problem it finds with file, line and path, so a person editing
// the file can fix it in one go: YAML syntax, the published JSON schema (regions/region.schema.json),
// then the semantic rules in src/domain/region-validation.ts.

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import schema from '../../regions/region.schema.json' with { type: 'json' };
import { MoneyFormatError, parseCents, parseEuros, type Cents } from '../domain/money.ts';
import type { Area, KpiDefinition, PopulationTable, Region } from '../domain/region.ts';
import type { BijPolicy } from '../domain/bij.ts';
import { formatRegionPath, validateRegion, type RegionPath } from '../domain/region-validation.ts';
import { Refusal } from '../domain/errors.ts';

/** One thing wrong with a region file. `path` is like "areas[2].within.pc4[5]"; `line` is 1-based. */
export interface RegionProblem {
  readonly file: string;
  readonly line?: number;
  readonly path: string;
  readonly message: string;
}

export class RegionFileError extends Refusal<'REGION_FILE_INVALID'> {
  constructor(readonly regionProblems: readonly RegionProblem[]) {
    super('REGION_FILE_INVALID', { problems: regionProblems.map(formatRegionProblem) });
    this.attach(
      regionProblems.map((p) => new Refusal('PROBLEM', { en: p.message, nl: p.message }, { file: p.file, ...(p.line !== undefined ? { line: p.line } : {}), ...(p.path ? { path: p.path } : {}) })),
    );
  }
}

/** "regions/x.yaml:12: areas[2].within.pc4[5]: <reason>"; parts that are unknown are left out. */
export function formatRegionProblem(problem: RegionProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where}: ${problem.path}: ${problem.message}`;
}

/** The region file as the schema describes it: amounts still text, optional parts still optional. */
interface RegionFileData {
  id: string;
  name: string;
  maxProviders?: number;
  municipalities: { code: string; name: string; pc4?: string[] }[];
  areas: { id: string; name: string; description?: string; municipalities?: string[]; within?: { municipality: string; pc4: string[] } }[];
  themes: { code: string; name: string }[];
  careForms: { category: string; name: string }[];
  careFormMapping?: Record<string, string>;
  budgets?: { year: number; municipality: string; lines: { line: string; amountEur?: string; amountCents?: string }[] }[];
  budgetPolicy: { indexation: Record<string, string>; priceLevelYear?: number };
  settlementPolicy: { deviationThresholdPct: string; municipalityTrueUp?: boolean };
  monitorPolicy?: { assignmentStartDeadlineDays?: number; waitingThresholdDays?: number; reachDropPct?: number };
  upwardReasons: { code: string; description: string }[];
  adjustmentPolicy?: { downwardThresholdPct?: string };
  paymentPolicy?: { instalments?: number; leftoverCents?: 'first' | 'last' };
  keysPolicy?: { default?: 'budgets' | 'previous-keys' };
  timeZone?: string;
  bijPolicy?: BijPolicy;
  population?: PopulationTable;
  kpis?: KpiDefinition[];
  startPhoto?: NonNullable<Region['startPhoto']>;
  reportPolicy?: { deadlines?: { PLAN?: string; M4?: string; M8?: string; M12?: string }; utilisationThreshold?: { pct: string; beforeMonth: number } };
}

const REGIONS_DIR = new URL('../../regions/', import.meta.url);
const SHIPPED_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Parses and checks the text of a region file; `fileName` only names the file in problems. Pure. */
export function parseRegionText(text: string, fileName: string): Region {
  return parseRegion(text, fileName, undefined);
}

/** Reads, parses and checks a region file. */
export async function loadRegionFile(path: string | URL): Promise<Region> {
  const fileName = typeof path === 'string' ? path : fileURLToPath(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new RegionFileError([{ file: fileName, path: '', message: `cannot read the file: ${(e as Error).message}` }]);
  }
  return parseRegion(text, fileName, undefined);
}

/** Loads regions/<id>.yaml from this repository; the file's own id must be `id`. */
export async function loadShippedRegion(id: string): Promise<Region> {
  const fileName = `regions/${id}.yaml`;
  // The id becomes part of a file path: refuse anything that could leave the regions folder.
  if (!SHIPPED_ID.test(id)) {
    throw new RegionFileError([{ file: fileName, path: '', message: `"${id}" is not a region id (lower-case letters, digits and single hyphens)` }]);
  }
  let text: string;
  try {
    text = await readFile(new URL(`${id}.yaml`, REGIONS_DIR), 'utf8');
  } catch (e) {
    const shipped = await listShippedRegions().catch(() => []);
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT'
      ? `no shipped region "${id}"; shipped regions: ${shipped.join(', ') || 'none'}`
      : `cannot read the file: ${(e as Error).message}`;
    throw new RegionFileError([{ file: fileName, path: '', message: reason }]);
  }
  return parseRegion(text, fileName, id);
}

/** Ids of the regions shipped in regions/, sorted. */
export async function listShippedRegions(): Promise<string[]> {
  const names = await readdir(REGIONS_DIR);
  return names
    .filter((n) => n.endsWith('.yaml'))
    .map((n) => n.slice(0, -'.yaml'.length))
    .filter((id) => SHIPPED_ID.test(id))
    .sort();
}

function parseRegion(text: string, file: string, expectedId: string | undefined): Region {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new RegionFileError(doc.errors.map((e) => ({
      file,
      ...(e.linePos ? { line: e.linePos[0].line } : {}),
      path: '',
      // The yaml package appends the position and a source excerpt; we give the line ourselves, on one line.
      message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    })));
  }
  const data: unknown = doc.toJS();
  const problem = (path: RegionPath, message: string, atKey = false): RegionProblem => {
    const line = lineOf(doc, lines, path, atKey);
    return { file, ...(line === undefined ? {} : { line }), path: formatRegionPath(path), message };
  };

  const validate = schemaValidator();
  if (!validate(data)) {
    throw new RegionFileError(byLine(schemaProblems(validate.errors ?? [], data, doc).map((p) => problem(p.path, p.message, p.atKey))));
  }

  const amountProblems: RegionProblem[] = [];
  const region = toRegion(data, (path, message) => amountProblems.push(problem(path, message)));
  const problems = [...amountProblems, ...validateRegion(region).map((i) => problem(i.path, i.message))];
  if (expectedId !== undefined && region.id !== expectedId) {
    problems.push(problem(['id'], `the file regions/${expectedId}.yaml must have id "${expectedId}", not "${region.id}"`));
  }
  if (problems.length > 0) throw new RegionFileError(byLine(problems));
  return deepFreeze(region);
}

// In file order, so a person can work down the file; problems without a line go last. Stable within a line.
function byLine(problems: RegionProblem[]): RegionProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? Infinity) - (b.p.line ?? Infinity) || a.i - b.i)
    .map(({ p }) => p);
}

function toRegion(data: RegionFileData, reportAmount: (path: RegionPath, message: string) => void): Region {
  return {
    id: data.id,
    name: data.name,
    ...(data.maxProviders !== undefined ? { maxProviders: data.maxProviders } : {}),
    municipalities: data.municipalities.map((m) => ({ code: m.code, name: m.name, ...(m.pc4 ? { pc4: [...m.pc4] } : {}) })),
    areas: data.areas.map((a): Area => ({
      id: a.id,
      name: a.name,
      ...(a.description === undefined ? {} : { description: a.description }),
      municipalities: [...(a.municipalities ?? [])],
      ...(a.within === undefined ? {} : { within: { municipality: a.within.municipality, pc4: [...a.within.pc4] } }),
    })),
    themes: data.themes.map((t) => ({ code: t.code, name: t.name })),
    careForms: data.careForms.map((c) => ({ category: c.category, name: c.name })),
    careFormMapping: Object.fromEntries(Object.entries(data.careFormMapping ?? {})),
    budgets: (data.budgets ?? []).map((b, i) => ({
      year: b.year,
      municipality: b.municipality,
      lines: b.lines.map((l, k) => ({ line: l.line, amountCents: amountOf(l, ['budgets', i, 'lines', k], reportAmount) })),
    })),
    budgetPolicy: { indexation: Object.fromEntries(Object.entries(data.budgetPolicy.indexation)), ...(data.budgetPolicy.priceLevelYear === undefined ? {} : { priceLevelYear: data.budgetPolicy.priceLevelYear }) },
    settlementPolicy: { deviationThresholdPct: data.settlementPolicy.deviationThresholdPct, ...(data.settlementPolicy.municipalityTrueUp ? { municipalityTrueUp: true } : {}) },
    ...(data.monitorPolicy === undefined || Object.keys(data.monitorPolicy).length === 0 ? {} : { monitorPolicy: { ...data.monitorPolicy } }),
    upwardReasons: data.upwardReasons.map((r) => ({ code: r.code, description: r.description })),
    ...(data.adjustmentPolicy?.downwardThresholdPct === undefined ? {} : { adjustmentPolicy: { downwardThresholdPct: data.adjustmentPolicy.downwardThresholdPct } }),
    ...(data.paymentPolicy === undefined
      ? {}
      : {
          paymentPolicy: {
            ...(data.paymentPolicy.instalments === undefined ? {} : { instalments: data.paymentPolicy.instalments }),
            ...(data.paymentPolicy.leftoverCents === undefined ? {} : { leftoverCents: data.paymentPolicy.leftoverCents }),
          },
        }),
    ...(data.keysPolicy?.default === undefined ? {} : { keysPolicy: { default: data.keysPolicy.default } }),
    ...(data.timeZone === undefined ? {} : { timeZone: data.timeZone }),
    ...(data.bijPolicy === undefined ? {} : { bijPolicy: structuredClone(data.bijPolicy) }),
    ...(data.population === undefined ? {} : { population: structuredClone(data.population) }),
    ...(data.kpis === undefined ? {} : { kpis: structuredClone(data.kpis) }),
    ...(data.startPhoto === undefined ? {} : { startPhoto: structuredClone(data.startPhoto) }),
    ...(data.reportPolicy === undefined
      ? {}
      : {
          reportPolicy: {
            ...(data.reportPolicy.deadlines === undefined ? {} : { deadlines: { ...data.reportPolicy.deadlines } }),
            ...(data.reportPolicy.utilisationThreshold === undefined ? {} : { utilisationThreshold: { ...data.reportPolicy.utilisationThreshold } }),
          },
        }),
  };
}

// Exact text-to-cents conversion: an amount never passes through a floating-point number.
function amountOf(
  line: { amountEur?: string; amountCents?: string },
  path: RegionPath,
  report: (path: RegionPath, message: string) => void,
): Cents {
  const [field, text, parse] = line.amountEur !== undefined
    ? (['amountEur', line.amountEur, parseEuros] as const)
    : (['amountCents', line.amountCents ?? '', parseCents] as const);
  try {
    return parse(text);
  } catch (e) {
    if (!(e instanceof MoneyFormatError)) throw e;
    report([...path, field], e.message);
    return 0n;
  }
}

let compiled: ValidateFunction<RegionFileData> | undefined;

function schemaValidator(): ValidateFunction<RegionFileData> {
  // allErrors: list every problem at once, as the configuration convention asks; verbose: the
  // failing schema's description becomes the explanation in the message.
  compiled ??= new Ajv({ allErrors: true, verbose: true }).compile<RegionFileData>(schema);
  return compiled;
}

interface SchemaProblem {
  readonly path: RegionPath;
  readonly message: string;
  /** The problem is the key itself (an unknown field, a malformed map key), not its value. */
  readonly atKey: boolean;
}

function schemaProblems(errors: readonly ErrorObject[], data: unknown, doc: Document): SchemaProblem[] {
  // A failed oneOf also reports why each branch failed; those details only repeat the oneOf message.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const relevant = errors.filter((e) =>
    e.keyword !== 'propertyNames' && // the inner error, which carries the key, says it better
    !oneOfs.some((o) => o !== e && o.instancePath === e.instancePath && e.schemaPath.startsWith(`${o.schemaPath}/`)));
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const e of relevant) {
    const p = describeSchemaError(e, instancePath(e.instancePath, data), doc);
    const key = `${formatRegionPath(p.path)}\n${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  }
  return problems;
}

function describeSchemaError(e: ErrorObject, path: RegionPath, doc: Document): SchemaProblem {
  const description = schemaString(e.parentSchema, 'description');
  const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return { path: [...path, propertyName], atKey: true, message: `"${propertyName}" is not ${description ?? 'a valid key here'}` };
  }
  switch (e.keyword) {
    case 'required':
      return { path: [...path, String(e.params.missingProperty)], atKey: false, message: 'is required but missing' };
    case 'additionalProperties': {
      const allowed = Object.keys(schemaObject(e.parentSchema, 'properties') ?? {});
      return {
        path: [...path, String(e.params.additionalProperty)],
        atKey: true,
        message: `unknown field${allowed.length > 0 ? `; allowed here: ${allowed.join(', ')}` : ''}`,
      };
    }
    case 'type': {
      const expected = String(e.params.type);
      const source = scalarSource(doc, path);
      if (expected === 'string' && source !== undefined && (typeof e.data === 'number' || typeof e.data === 'boolean')) {
        return { path, atKey: false, message: `must be text in quotes: write "${source}" (without quotes YAML reads ${source} as the ${typeof e.data} ${String(e.data)})` };
      }
      return { path, atKey: false, message: `must be ${expected === 'object' || expected === 'array' || expected === 'integer' ? `an ${expected}` : `a ${expected}`}${description ? ` (${description})` : ''}` };
    }
    case 'pattern':
      return { path, atKey: false, message: `${JSON.stringify(e.data)} is not ${description ?? `in the expected format (${String(e.params.pattern)})`}` };
    case 'minItems':
      return { path, atKey: false, message: Number(e.params.limit) === 1 ? 'must not be empty' : `must have at least ${String(e.params.limit)} items` };
    case 'oneOf': {
      const branches = schemaArray(e.parentSchema, 'oneOf') ?? [];
      const names = branches.flatMap((b) => schemaArray(b, 'required') ?? []).map(String);
      return { path, atKey: false, message: `give exactly one of ${names.join(', ')}` };
    }
    case 'minimum':
    case 'maximum':
      return { path, atKey: false, message: `${JSON.stringify(e.data)} is out of range: ${e.message ?? ''}${description ? ` (${description})` : ''}` };
    default:
      return { path, atKey: false, message: e.message ?? `fails the schema rule "${e.keyword}"` };
  }
}

/** "/areas/2/within/pc4/5" → ['areas', 2, 'within', 'pc4', 5]: numbers where the data holds an array. */
function instancePath(pointer: string, data: unknown): RegionPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let at: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(at)) {
      const index = Number(segment);
      path.push(index);
      at = at[index];
    } else {
      path.push(segment);
      at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/** The node at `path`, or the deepest node on the way there when the path ends in something missing. */
function nodeAt(doc: Document, path: RegionPath, atKey: boolean): { node: unknown; exact: boolean } {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const current = isAlias(node) ? node.resolve(doc) : node;
    if (isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return { node: current, exact: false };
      if (atKey && i === path.length - 1) return { node: pair.key, exact: true };
      if (pair.value === null) return { node: pair.key, exact: false };
      node = pair.value;
    } else if (isSeq(current) && typeof segment === 'number' && current.items[segment] !== undefined) {
      node = current.items[segment];
    } else {
      return { node: current, exact: false };
    }
  }
  return { node, exact: true };
}

function lineOf(doc: Document, lines: LineCounter, path: RegionPath, atKey: boolean): number | undefined {
  const { node } = nodeAt(doc, path, atKey);
  if (!isNode(node) || !node.range) return undefined;
  return lines.linePos(node.range[0]).line;
}

/** The text of a scalar exactly as written, so a message can quote what the person typed ("0363", not 363). */
function scalarSource(doc: Document, path: RegionPath): string | undefined {
  const { node, exact } = nodeAt(doc, path, false);
  return exact && isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
}

function schemaString(schemaNode: unknown, key: string): string | undefined {
  const v = schemaNode !== null && typeof schemaNode === 'object' ? (schemaNode as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function schemaObject(schemaNode: unknown, key: string): Record<string, unknown> | undefined {
  const v = schemaNode !== null && typeof schemaNode === 'object' ? (schemaNode as Record<string, unknown>)[key] : undefined;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function schemaArray(schemaNode: unknown, key: string): unknown[] | undefined {
  const v = schemaNode !== null && typeof schemaNode === 'object' ? (schemaNode as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? (v as unknown[]) : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
