// `ledger explain`: the chain of decisions and the arithmetic behind one figure — a provider's lump
// sum, one municipality's contribution to it, or one monthly payment.
import { contributionOf, lumpSumOf } from '../domain/allocation-rules.ts';
import { regionBudget } from '../domain/budget-rules.ts';
import type { LedgerEntry } from '../domain/decisions.ts';
import { replay, scheduleKey } from '../domain/engine.ts';
import { formatEuros, sum } from '../domain/money.ts';
import { monthLabel, parseMonth } from '../domain/payment-schedule.ts';
import { percent } from '../domain/settlement-rules.ts';
import { RuleError } from '../domain/errors.ts';
import type { Workspace } from './workspace.ts';

export interface ExplainStep {
  readonly seq: number | null;
  readonly kind: string;
  readonly recordedAt: string | null;
  readonly actor: string | null;
  readonly reason: string | null;
  readonly text: string;
}

export interface Explanation {
  readonly subject: string;
  readonly amountCents: bigint;
  readonly steps: readonly ExplainStep[];
}

export interface ExplainQuery {
  readonly provider: string;
  readonly year: number;
  readonly municipality?: string;
  /** "YYYY-MM" */
  readonly month?: string;
}

export async function explain(ws: Workspace, q: ExplainQuery): Promise<Explanation> {
  const entries = await ws.engine.entries();
  const state = replay(ws.region, entries);
  const y = state.years[q.year];
  if (!y) throw new RuleError('YEAR_NOT_ALLOCATED', `no lump sums are allocated for ${q.year}`);
  const planProvider = y.plan.providers.find((p) => p.code === q.provider);
  if (!planProvider) throw new RuleError('UNKNOWN_PROVIDER', `provider ${q.provider} has no lump sum in ${q.year}; known: ${y.plan.providers.map((p) => p.code).join(', ')}`);
  const municipalities = ws.region.municipalities;
  if (q.municipality && !municipalities.some((m) => m.code === q.municipality)) {
    throw new RuleError('UNKNOWN_MUNICIPALITY', `municipality ${q.municipality} is not in region ${ws.region.id}`);
  }
  if (q.month && !q.municipality) throw new RuleError('QUERY_INVALID', 'a payment is explained per municipality: add --municipality');
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const step = (e: LedgerEntry | undefined, text: string): ExplainStep => ({
    seq: e?.seq ?? null,
    kind: e?.decision.kind ?? 'rule',
    recordedAt: e?.recordedAt ?? null,
    actor: e?.actor ?? null,
    reason: e?.reason ?? null,
    text,
  });
  const name = (code: string) => municipalities.find((m) => m.code === code)?.name ?? code;
  const steps: ExplainStep[] = [];

  // 1. The budget the year started from.
  const budget = regionBudget(state.budgets, ws.region.budgetPolicy, municipalities.map((m) => m.code), q.year);
  const budgetEntry = [...state.budgetSeqs].reverse().find((b) => b.years.includes(budget.municipalities[0]!.basedOnYear));
  steps.push(
    step(
      budgetEntry ? bySeq.get(budgetEntry.seq) : undefined,
      `Budget ${q.year}: ${formatEuros(budget.totalCents)} = ` +
        budget.municipalities.map((m) => `${name(m.municipality)} ${formatEuros(m.amountCents)}`).join(' + ') +
        (budget.municipalities.some((m) => m.basis === 'extended') ? ` (no budget adopted for ${q.year}: the ${budget.municipalities[0]!.basedOnYear} level is carried on)` : '') +
        (budget.municipalities[0]!.indexFactor !== '1' ? `, indexed ×${budget.municipalities[0]!.indexFactor}` : ''),
    ),
  );

  // 2. The contribution keys.
  const keyEntry = state.keys[q.year] ? bySeq.get(state.keys[q.year]!.seq) : undefined;
  const keyTotal = sum(Object.values(y.keys));
  steps.push(
    step(
      keyEntry,
      `Contribution keys (${y.keysBasis}): ` + municipalities.map((m) => `${name(m.code)} ${percent(y.keys[m.code] ?? 0n, keyTotal)}%`).join(', ') +
        '; the municipalities\' parts of the total by largest remainder on these keys',
    ),
  );

  // 3. The allocation: themes, then providers.
  const allocationEntry = bySeq.get(y.allocationSeq);
  for (const t of planProvider.themes) {
    const themeShare = y.plan.themes.find((x) => x.theme === t.theme)!;
    const themeTotal = y.allocation.themeTotals.find((x) => x.theme === t.theme)!.amountCents;
    const pt = y.allocation.providerThemeTotals.find((x) => x.provider === q.provider && x.theme === t.theme)!.amountCents;
    steps.push(
      step(
        allocationEntry,
        `Theme ${t.theme}: ${themeShare.sharePct}% of ${formatEuros(y.allocation.totalCents)} = ${formatEuros(themeTotal)}; ` +
          `${q.provider} has ${t.sharePct}% of theme ${t.theme} = ${formatEuros(pt)} (largest remainder: every cent accounted for)`,
      ),
    );
  }
  const allocatedLump = sum(y.allocation.cells.filter((c) => c.provider === q.provider).map((c) => c.amountCents));
  if (!q.municipality) {
    steps.push(
      step(
        allocationEntry,
        `Lump sum ${q.year} of ${q.provider} as allocated: ${formatEuros(allocatedLump)} = Σ of its municipal contributions: ` +
          municipalities.map((m) => `${name(m.code)} ${formatEuros(contributionOf(y.allocation.cells, q.provider, m.code))}`).join(' + '),
      ),
    );
  } else {
    const m = q.municipality;
    for (const t of planProvider.themes) {
      const pt = y.allocation.providerThemeTotals.find((x) => x.provider === q.provider && x.theme === t.theme)!.amountCents;
      const col = y.allocation.municipalityTotals.find((x) => x.municipality === m)!.amountCents;
      const cell = y.allocation.cells.find((c) => c.provider === q.provider && c.theme === t.theme && c.municipality === m)!.amountCents;
      const num = pt * col;
      const exact = `${num / y.allocation.totalCents}${num % y.allocation.totalCents === 0n ? '' : '.' + ((num % y.allocation.totalCents) * 1000n / y.allocation.totalCents).toString().padStart(3, '0') + '…'}`;
      steps.push(
        step(
          allocationEntry,
          `${name(m)}'s part of ${q.provider}/theme ${t.theme}: ${formatEuros(pt)} × ${formatEuros(col)} / ${formatEuros(y.allocation.totalCents)} = ${exact} cents → ${cell} cents ` +
            `(controlled rounding: down or up so that both the provider's amount and ${name(m)}'s total hold to the cent)`,
        ),
      );
    }
  }

  // 4. Adjustments.
  for (const a of y.adjustments.filter((x) => x.provider === q.provider)) {
    const part = q.municipality ? a.perMunicipality.find((p) => p.municipality === q.municipality)?.deltaCents ?? 0n : a.deltaCents;
    steps.push(
      step(
        bySeq.get(a.seq),
        `Adjustment decided ${a.date} from ${monthLabel(q.year, a.fromMonth)}: ${a.deltaCents > 0n ? '+' : ''}${formatEuros(a.deltaCents)} in all` +
          (q.municipality ? `, of which ${formatEuros(part)} for ${name(q.municipality)}` : '') +
          (a.explicit ? ' (explicit split, deviating municipality)' : ' (split in proportion to the contributions, largest remainder)'),
      ),
    );
  }

  let amountCents: bigint;
  let subject: string;
  if (!q.municipality) {
    amountCents = lumpSumOf(y.cells, q.provider);
    subject = `lump sum ${q.year} of ${q.provider} (${planProvider.name})`;
    steps.push(step(undefined, `Lump sum now: ${formatEuros(amountCents)}`));
  } else {
    const contribution = contributionOf(y.cells, q.provider, q.municipality);
    const months = y.schedule[scheduleKey(q.provider, q.municipality)]!;
    if (!q.month) {
      amountCents = contribution;
      subject = `contribution ${q.year} of ${name(q.municipality)} to ${q.provider}`;
      steps.push(step(undefined, `Contribution now: ${formatEuros(contribution)}; paid in 12 instalments of about 1/12 (${formatEuros(months[0]!)} in ${monthLabel(q.year, 1)})`));
    } else {
      const month = parseMonth(q.month, q.year);
      amountCents = months[month - 1]!;
      subject = `payment ${q.month} of ${name(q.municipality)} to ${q.provider}`;
      const adj = y.adjustments.filter((a) => a.provider === q.provider && a.fromMonth <= month).at(-1);
      steps.push(
        step(
          undefined,
          adj
            ? `From ${monthLabel(q.year, adj.fromMonth)} the new contribution ${formatEuros(contribution)} minus the ${adj.fromMonth - 1} earlier instalments is spread over the remaining ${13 - adj.fromMonth} months: floor, leftover cents to the earliest months`
            : `Instalments: ${formatEuros(contribution)} / 12 = ${formatEuros(contribution / 12n)} a month, the ${contribution % 12n} leftover cents one each to the earliest months`,
        ),
      );
      const run = y.paymentRuns.find((r) => r.month === month);
      steps.push(step(run ? bySeq.get(run.seq) : undefined, `Payment ${q.month}: ${formatEuros(amountCents)}, ${run ? 'paid' : 'scheduled, not yet paid'}`));
    }
  }
  if (y.settlement) {
    const p = y.settlement.providers.find((x) => x.provider === q.provider);
    if (p) {
      steps.push(
        step(
          bySeq.get(y.settlement.seq),
          `Settled: cost ${formatEuros(p.costCents)} against lump sum ${formatEuros(p.lumpSumCents)}: ${p.resultCents < 0n ? `deficit ${formatEuros(-p.resultCents)}, borne by the provider` : `surplus ${formatEuros(p.resultCents)}`}; the lump sum is not changed`,
        ),
      );
    }
  }
  return { subject, amountCents, steps };
}
