// Reads a tender's submissions and scores (CSV or XLSX) [issue 16 "tender import"]: one row per
// fact — a suitability requirement met or not (with its evidence), an assessor's own score on a
// criterion, the consensus score with its reasoning, the oral explanation's adjusted score with the
// protocol's reason. All or nothing, every problem with its sheet, row and column in Dutch. Pure.
import type { Submission, TenderRules } from './tender.ts';
import { textCell, type CellType, type Said } from './table-cells.ts';
import { TableCheck, optional, required, type TableImport, type TablePlace } from './table-import.ts';

/** The columns, in the template's order. */
export const TENDER_COLUMNS = ['bidder', 'kind', 'item', 'assessor', 'value', 'reason'] as const;
export const TENDER_KINDS = ['requirement', 'score', 'consensus', 'oral'] as const;
export type TenderKind = (typeof TENDER_KINDS)[number];

/** One fact of the record, as read. */
export interface TenderFact {
  readonly row: number;
  readonly bidder: string;
  readonly kind: TenderKind;
  readonly item: string;
  readonly assessor: string;
  /** requirement: 1 met, 0 not met; otherwise the score. */
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
  expected: { en: 'requirement, score, consensus or oral', nl: 'requirement (eis), score (beoordelaar), consensus of oral (mondelinge toelichting)' },
  fromText(text) {
    const k = KIND_NAMES[text.toLowerCase()];
    return k ? { value: k } : problem(`"${text}" is not a kind of row; use requirement, score, consensus or oral`, `"${text}" is geen soort rij; gebruik requirement, score, consensus of oral`);
  },
};

const valueCell: CellType<string> = {
  expected: { en: 'a whole score, or yes/no for a requirement', nl: 'een hele score, of ja/nee bij een eis' },
  fromText(text) {
    return /^(\d{1,3}|ja|nee|yes|no)$/i.test(text) ? { value: text.toLowerCase() } : problem(`"${text}" is neither a whole score nor yes/no`, `"${text}" is geen hele score en geen ja/nee`);
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

export function tenderImport(place: TablePlace, rules: TenderRules): TableImport<TenderRecord> {
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
        if (v.kind === 'requirement') {
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
        facts.push({ row, bidder: v.bidder!, kind: v.kind, item: v.item, assessor: v.assessor ?? '', value: /^(ja|yes)$/.test(v.value) ? 1 : /^(nee|no)$/.test(v.value) ? 0 : Number(v.value), reason: v.reason ?? '' });
      }
      // An oral adjustment changes a consensus score: there must be one to change.
      for (const f of facts) {
        if (f.kind === 'oral' && !facts.some((g) => g.kind === 'consensus' && g.bidder === f.bidder && g.item === f.item)) {
          check.report(f.row, 'kind', { en: `an oral adjustment of ${f.item} for ${f.bidder} without its consensus score`, nl: `een bijstelling na de mondelinge toelichting van ${f.item} voor ${f.bidder} zonder consensusscore` });
        }
      }
      return check.result(() => ({ facts, submissions: submissionsOf(facts) }));
    },
  };
}

/** The submissions the facts make: requirements as answered, each criterion's final score. */
export function submissionsOf(facts: readonly TenderFact[]): Submission[] {
  const bidders = [...new Set(facts.map((f) => f.bidder))].sort();
  return bidders.map((bidder) => {
    const mine = facts.filter((f) => f.bidder === bidder);
    const requirements: Record<string, boolean> = {};
    for (const f of mine) if (f.kind === 'requirement') requirements[f.item] = f.value === 1;
    const scores: Record<string, number> = {};
    for (const f of mine) if (f.kind === 'consensus') scores[f.item] = f.value;
    for (const f of mine) if (f.kind === 'oral') scores[f.item] = f.value;
    return { bidder, requirements, scores };
  });
}
