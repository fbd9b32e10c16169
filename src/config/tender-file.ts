// Reads a tender's definition (YAML or JSON) as it is published: themes with their budget shares, areas,
// suitability requirements, criteria with weight and scale, the tie rule, the number selected, the
// waiting room, the standstill period, the assessors and the demand it publishes. The checks of what the
// definition means are the domain's (tender-record.ts); here only its shape.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import YAML from 'yaml';
import { Refusal } from '../domain/errors.ts';
import type { TenderDefinition } from '../domain/tender-record.ts';
import type { TieStep } from '../domain/tender.ts';

const fail = (file: string, reason: string) => new Refusal('PLAN_FILE_INVALID', { file, reason });
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : v instanceof Date ? v.toISOString().slice(0, 10) : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

export function parseTenderDefinition(source: string, file: string, defaults: { areas: readonly string[] }): TenderDefinition {
  let doc: unknown;
  try {
    doc = YAML.parse(source);
  } catch (e) {
    throw fail(file, `not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null) throw fail(file, 'expected a mapping with id, name, year, themes, requirements and criteria');
  const d = doc as Record<string, unknown>;
  const list = (v: unknown, where: string): unknown[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw fail(file, `${where}: expected a list`);
    return v;
  };
  const map = (x: unknown, where: string): Record<string, unknown> => {
    if (typeof x !== 'object' || x === null) throw fail(file, `${where}: expected a mapping`);
    return x as Record<string, unknown>;
  };
  const must = <T>(v: T | undefined, where: string, what: string): T => {
    if (v === undefined) throw fail(file, `${where}: missing or not ${what}`);
    return v;
  };
  const tieBreak: TieStep[] = list(d.tieBreak, 'tieBreak').map((x, i) => {
    if (x === 'draw' || x === 'loting') return { kind: 'draw' };
    const m = map(x, `tieBreak[${i}]`);
    return { kind: 'criterion', criterion: must(text(m.criterion), `tieBreak[${i}].criterion`, 'a criterion id') };
  });
  return {
    id: must(text(d.id), 'id', 'a text'),
    name: must(text(d.name), 'name', 'a text'),
    year: must(int(d.year), 'year', 'a year'),
    publishedOn: must(text(d.publishedOn), 'publishedOn', 'a date'),
    themes: list(d.themes, 'themes').map((x, i) => {
      const m = map(x, `themes[${i}]`);
      return { code: must(text(m.code ?? m.theme), `themes[${i}].code`, 'a theme code'), sharePct: must(text(m.sharePct), `themes[${i}].sharePct`, "a percentage as a quoted string like '18'") };
    }),
    areas: d.areas === undefined ? [...defaults.areas] : list(d.areas, 'areas').map((x, i) => must(text(x), `areas[${i}]`, 'an area id')),
    requirements: list(d.requirements, 'requirements').map((x, i) => {
      const m = map(x, `requirements[${i}]`);
      return { id: must(text(m.id), `requirements[${i}].id`, 'a text'), label: must(text(m.label), `requirements[${i}].label`, 'a text') };
    }),
    criteria: list(d.criteria, 'criteria').map((x, i) => {
      const m = map(x, `criteria[${i}]`);
      const theme = text(m.theme);
      return {
        id: must(text(m.id), `criteria[${i}].id`, 'a text'),
        label: must(text(m.label), `criteria[${i}].label`, 'a text'),
        ...(theme !== undefined ? { theme } : {}),
        weight: must(int(m.weight), `criteria[${i}].weight`, 'a whole number'),
        max: must(int(m.max), `criteria[${i}].max`, 'a whole number'),
        sufficient: must(int(m.sufficient), `criteria[${i}].sufficient`, 'a whole number'),
      };
    }),
    maxSelected: must(int(d.maxSelected), 'maxSelected', 'a whole number'),
    waitingRoom: int(d.waitingRoom) ?? 0,
    tieBreak,
    standstillDays: d.standstillDays === undefined ? 20 : must(int(d.standstillDays), 'standstillDays', 'a whole number of days'),
    assessors: list(d.assessors, 'assessors').map((x, i) => must(text(x), `assessors[${i}]`, 'a name')),
    demand: list(d.demand, 'demand').map((x, i) => {
      const m = map(x, `demand[${i}]`);
      return { theme: must(text(m.theme), `demand[${i}].theme`, 'a theme code'), area: must(text(m.area), `demand[${i}].area`, 'an area id'), youngPeople: must(int(m.youngPeople), `demand[${i}].youngPeople`, 'a whole number') };
    }),
  };
}

export async function readTenderDefinition(path: string, defaults: { areas: readonly string[] }): Promise<TenderDefinition> {
  return parseTenderDefinition(await readFile(path, 'utf8'), basename(path), defaults);
}
