// Reads a tender's submissions and scores (CSV or XLSX) [issue 16 "tender import"]: one row per
// fact — a suitability requirement met or not (with its evidence), an assessor's own score on a
// criterion, the consensus score with its reasoning, the oral explanation's adjusted score with the
// protocol's reason. All or nothing, every problem with its sheet, row and column in Dutch. Pure.
import type { Submission, TenderRules } from './tender.ts';
import { textCell, type CellType, type Said } from './table-cells.ts';
import { TableCheck, optional, required, type TableImport, type TablePlace } from './table-import.ts';

/** The columns, in the template's order. */
export const TENDER_COLUMNS = ['bidder', 'kind', 'item', 'assessor', 'value', 'reason'] as const;
export const TENDER_KINDS = ['bidder', 'theme', 'requirement', 'score', 'consensus', 'oral'] as const;
export type TenderKind = (typeof TENDER_KINDS)[number];

/** One fact of the record, as read. */
export interface TenderFact {
  readonly row: number;
  readonly bidder: string;
  readonly kind: TenderKind;
  readonly item: string;
  readonly assessor: string;
  /** requirement: 1 met, 0 not met; theme: 1; bidder: its AGB code as a number, 0 for none; otherwise the score. */
  readonly value: number;
  readonly reason: string;
}

export interface TenderRecord {
  readonly facts: readonly TenderFact[];
  /** Per bidder: the requirements answered and the final score per criterion (the oral adjustment, else the consensus). */
  readonly submissions: readonly Submission[];
}

function problem(en: string, nl: string): { problem: Said } {
  return { problem: { en, nl } };
}

const KIND_NAMES: Readonly<Record<string, TenderKind>> = {
  bidder: 'bidder',
  inschrijver: 'bidder',
  theme: 'theme',
  thema: 'theme',
  requirement: 'requirement',
  eis: 'requirement',
  geschiktheidseis: 'requirement',
  score: 'score',
  beoordeling: 'score',
  consensus: 'consensus',
  oral: 'oral',
  mondeling: 'oral',
};

const kindCell: CellType<TenderKind> = {
  expected: { en: 'bidder, theme, requirement, score, consensus or oral', nl: 'bidder (inschrijver), theme (thema), requirement (eis), score (beoordelaar), consensus of oral (mondelinge toelichting)' },
  fromText(text) {
    const k = KIND_NAMES[text.toLowerCase()];
    return k ? { value: k } : problem(`"${text}" is not a kind of row; use bidder, theme, requirement, score, consensus or oral`, `"${text}" is geen soort rij; gebruik bidder, theme, requirement, score, consensus of oral`);
  },
};

const valueCell: CellType<string> = {
  expected: { en: 'a whole score, yes/no for a requirement or theme, an AGB code or - for a bidder', nl: 'een hele score, ja/nee bij een eis of thema, een AGB-code of - bij een inschrijver' },
  fromText(text) {
    return /^(\d{1,3}|\d{8}|-|ja|nee|yes|no)$/i.test(text) ? { value: text.toLowerCase() } : problem(`"${text}" is neither a whole score, nor yes/no, nor an AGB code`, `"${text}" is geen hele score, geen ja/nee en geen AGB-code`);
  },
};

interface Values {
  readonly bidder: string;
  readonly kind: TenderKind;
  readonly item: string;
  readonly assessor: string;
  readonly value: string;
  readonly reason: string;
}

/** `recordedConsensus`: "bidder|criterion" of consensus scores already in the record (an oral adjustment may follow them). */
export function tenderImport(place: TablePlace, rules: TenderRules, recordedConsensus: readonly string[] = []): TableImport<TenderRecord> {
  const text = (en: string, nl: string, ifEmpty?: string) => textCell({ expected: { en, nl }, ...(ifEmpty !== undefined ? { ifEmpty } : {}) });
  const check = new TableCheck<Values>(
    {
      columns: {
        bidder: required(['bidder', 'inschrijver'], text('a bidder', 'een inschrijver')),
        kind: required(['kind', 'soort'], kindCell),
        item: required(['item', 'onderdeel'], text('a requirement or criterion', 'een eis of criterium')),
        assessor: optional(['assessor', 'beoordelaar'], text('an assessor', 'een beoordelaar', ''), ''),
        value: required(['value', 'waarde'], valueCell),
        reason: optional(['reason', 'motivering'], text('a reason', 'een motivering', ''), ''),
      },
    },
    place,
  );
  return {
    add: (row, cells) => check.add(row, cells),
    finish() {
      const facts: TenderFact[] = [];
      const seen = new Map<string, number>();
      for (const { row, values: v, complete } of check.end()) {
        const r = (key: keyof Values & string, en: string, nl: string) => check.report(row, key, { en, nl });
        if (v.kind === undefined || v.item === undefined || v.value === undefined) continue;
        const criterion = rules.criteria.find((c) => c.id === v.item);
        const themes = [...new Set(rules.criteria.flatMap((c) => (c.theme !== undefined ? [c.theme] : [])))];
        if (v.bidder !== undefined && !/^[A-Za-z0-9_-]{1,40}$/.test(v.bidder)) r('bidder', `a bidder's code is 1–40 letters, digits, - or _ (it becomes its provider code)`, `de code van een inschrijver is 1–40 letters, cijfers, - of _ (het wordt de aanbiederscode)`);
        if (v.kind === 'bidder') {
          if (!/^(\d{8}|-)$/.test(v.value)) r('value', "a bidder's row gives its AGB code (8 digits), or - when it has none", 'de rij van een inschrijver geeft de AGB-code (8 cijfers), of - als die er niet is');
        } else if (v.kind === 'theme') {
          if (!themes.includes(v.item)) r('item', `"${v.item}" is not a theme of this tender (${themes.join(', ')})`, `"${v.item}" is geen thema van deze aanbesteding (${themes.join(', ')})`);
          if (!/^(ja|yes)$/.test(v.value)) r('value', 'a theme row says ja: the bidder bids on it (leave the row out otherwise)', 'een themarij zegt ja: de inschrijver schrijft erop in (laat de rij anders weg)');
        } else if (v.kind === 'requirement') {
          if (!rules.requirements.includes(v.item)) r('item', `"${v.item}" is not a suitability requirement of this tender (${rules.requirements.join(', ')})`, `"${v.item}" is geen geschiktheidseis van deze aanbesteding (${rules.requirements.join(', ')})`);
          if (!/^(ja|nee|yes|no)$/.test(v.value)) r('value', 'a requirement is met or not: give ja or nee', 'een eis is vervuld of niet: geef ja of nee');
        } else {
          if (!criterion) r('item', `"${v.item}" is not a criterion of this tender (${rules.criteria.map((c) => c.id).join(', ')})`, `"${v.item}" is geen criterium van deze aanbesteding (${rules.criteria.map((c) => c.id).join(', ')})`);
          else if (!/^\d+$/.test(v.value) || Number(v.value) > criterion.max) r('value', `a score on ${v.item} is a whole number from 0 to ${criterion.max}`, `een score op ${v.item} is een heel getal van 0 tot en met ${criterion.max}`);
          if (v.kind === 'score' && (v.assessor ?? '') === '') r('assessor', "an assessor's score names the assessor", 'de score van een beoordelaar noemt de beoordelaar');
          if ((v.kind === 'consensus' || v.kind === 'oral') && (v.reason ?? '') === '') {
            r('reason', v.kind === 'consensus' ? 'a consensus score gives its reasoning' : "the oral explanation's adjustment gives the protocol's reason", v.kind === 'consensus' ? 'een consensusscore geeft haar motivering' : 'de bijstelling na de mondelinge toelichting geeft de reden volgens het protocol');
          }
        }
        if (v.bidder !== undefined) {
          const key = `${v.bidder}|${v.kind}|${v.item}|${v.kind === 'score' ? (v.assessor ?? '') : ''}`;
          const earlier = seen.get(key);
          if (earlier !== undefined) r('item', `given twice, on rows ${earlier} and ${row}: give each fact once`, `staat er twee keer in, op rij ${earlier} en ${row}: geef elk gegeven één keer`);
          else seen.set(key, row);
        }
        if (!complete) continue;
        facts.push({ row, bidder: v.bidder!, kind: v.kind, item: v.item, assessor: v.assessor ?? '', value: /^(ja|yes)$/.test(v.value) ? 1 : /^(nee|no|-)$/.test(v.value) ? 0 : Number(v.value), reason: v.reason ?? '' });
      }
      // An oral adjustment changes a consensus score: there must be one to change.
      for (const f of facts) {
        if (f.kind === 'oral' && !recordedConsensus.includes(`${f.bidder}|${f.item}`) && !facts.some((g) => g.kind === 'consensus' && g.bidder === f.bidder && g.item === f.item)) {
          check.report(f.row, 'kind', { en: `an oral adjustment of ${f.item} for ${f.bidder} without its consensus score`, nl: `een bijstelling na de mondelinge toelichting van ${f.item} voor ${f.bidder} zonder consensusscore` });
        }
      }
      return check.result(() => ({ facts, submissions: submissionsOf(facts, rules) }));
    },
  };
}

/**
 * The submissions the facts make: requirements as answered, each criterion's final score (the oral
 * adjustment, else the consensus), and — when the tender has theme criteria — the themes bid on. A
 * later fact on the same point replaces an earlier one (a correction; both stay in the record).
 */
export function submissionsOf(facts: readonly Pick<TenderFact, 'bidder' | 'kind' | 'item' | 'value'>[], rules?: TenderRules): Submission[] {
  const themed = rules ? rules.criteria.some((c) => c.theme !== undefined) : false;
  const bidders = [...new Set(facts.map((f) => f.bidder))].sort();
  return bidders.map((bidder) => {
    const mine = facts.filter((f) => f.bidder === bidder);
    const requirements: Record<string, boolean> = {};
    for (const f of mine) if (f.kind === 'requirement') requirements[f.item] = f.value === 1;
    const scores: Record<string, number> = {};
    for (const f of mine) if (f.kind === 'consensus') scores[f.item] = f.value;
    for (const f of mine) if (f.kind === 'oral') scores[f.item] = f.value;
    const themes = [...new Set(mine.filter((f) => f.kind === 'theme').map((f) => f.item))].sort();
    return { bidder, requirements, scores, ...(themed ? { themes } : {}) };
  });
}

// ---- phase 2: the selected providers' capacities ------------------------------------------------

/** The columns of a capacity file, in the template's order. */
export const CAPACITY_COLUMNS = ['bidder', 'theme', 'area', 'min', 'max', 'expertise'] as const;

export interface CapacityRecord {
  readonly lines: readonly { bidder: string; theme: string; area: string; min: number; max: number }[];
  readonly expertise: readonly { bidder: string; theme: string; text: string }[];
}

const countCell: CellType<number> = {
  expected: { en: 'a whole number of young people a year', nl: 'een heel aantal jeugdigen per jaar' },
  fromText(text) {
    return /^\d{1,7}$/.test(text) ? { value: Number(text) } : problem(`"${text}" is not a whole number of young people`, `"${text}" is geen heel aantal jeugdigen`);
  },
};

/**
 * Reads the capacities of phase 2 (CSV or XLSX): per selected provider, theme and area the fewest and
 * most young people a year it takes on, with its expertise per theme. All or nothing, in Dutch.
 */
export function capacityImport(place: TablePlace, known: { themes: readonly string[]; areas: readonly string[]; bidders: readonly string[] }): TableImport<CapacityRecord> {
  const text = (en: string, nl: string, ifEmpty?: string) => textCell({ expected: { en, nl }, ...(ifEmpty !== undefined ? { ifEmpty } : {}) });
  interface CapacityValues {
    readonly bidder: string;
    readonly theme: string;
    readonly area: string;
    readonly min: number;
    readonly max: number;
    readonly expertise: string;
  }
  const check = new TableCheck<CapacityValues>(
    {
      columns: {
        bidder: required(['bidder', 'aanbieder', 'inschrijver'], text('a selected provider', 'een geselecteerde aanbieder')),
        theme: required(['theme', 'thema'], text('a theme', 'een thema')),
        area: required(['area', 'gebied'], text('an area', 'een gebied')),
        min: required(['min', 'minimum'], countCell),
        max: required(['max', 'maximum'], countCell),
        expertise: optional(['expertise', 'deskundigheid'], text('its expertise', 'de deskundigheid', ''), ''),
      },
    },
    place,
  );
  return {
    add: (row, cells) => check.add(row, cells),
    finish() {
      const lines: CapacityRecord['lines'][number][] = [];
      const expertise = new Map<string, { bidder: string; theme: string; text: string }>();
      const seen = new Map<string, number>();
      for (const { row, values: v, complete } of check.end()) {
        const r = (key: keyof CapacityValues & string, en: string, nl: string) => check.report(row, key, { en, nl });
        if (v.bidder !== undefined && !known.bidders.includes(v.bidder)) r('bidder', `"${v.bidder}" is not a selected provider of this tender (${known.bidders.join(', ')})`, `"${v.bidder}" is geen geselecteerde aanbieder van deze aanbesteding (${known.bidders.join(', ')})`);
        if (v.theme !== undefined && !known.themes.includes(v.theme)) r('theme', `"${v.theme}" is not a theme of this tender (${known.themes.join(', ')})`, `"${v.theme}" is geen thema van deze aanbesteding (${known.themes.join(', ')})`);
        if (v.area !== undefined && !known.areas.includes(v.area)) r('area', `"${v.area}" is not an area of this tender (${known.areas.join(', ')})`, `"${v.area}" is geen gebied van deze aanbesteding (${known.areas.join(', ')})`);
        if (v.min !== undefined && v.max !== undefined && v.max < v.min) r('max', `the maximum ${v.max} is below the minimum ${v.min}`, `het maximum ${v.max} ligt onder het minimum ${v.min}`);
        const key = `${v.bidder}|${v.theme}|${v.area}`;
        const earlier = seen.get(key);
        if (earlier !== undefined) r('area', `given twice, on rows ${earlier} and ${row}: give each provider, theme and area once`, `staat er twee keer in, op rij ${earlier} en ${row}: geef elke aanbieder, elk thema en gebied één keer`);
        else seen.set(key, row);
        if (!complete) continue;
        lines.push({ bidder: v.bidder!, theme: v.theme!, area: v.area!, min: v.min!, max: v.max! });
        if (v.expertise) expertise.set(`${v.bidder}|${v.theme}`, { bidder: v.bidder!, theme: v.theme!, text: v.expertise });
      }
      return check.result(() => ({ lines, expertise: [...expertise.values()] }));
    },
  };
}
