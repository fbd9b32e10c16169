// `ledger explain`: the chain of decisions and the arithmetic behind one figure — a provider's lump
// sum, one municipality's contribution to it, or one payment. Every step cites the ledger entries its
// numbers were computed from (the budget entries the allocation used, not whatever budget is newest)
// and carries its arithmetic as numbers (`calc`), so anyone can recompute the figure from the
// explanation alone (test/explain.test.ts does, for every figure of random ledgers).
import { contributionOf, lumpSumOf } from '../domain/allocation-rules.ts';
import type { LedgerEntry } from '../domain/decisions.ts';
import { paymentRulesOf, replay, requireYear, scheduleKey } from '../domain/engine.ts';
import { Refusal } from '../domain/errors.ts';
import { decimalsToWeights, formatEuros, sum } from '../domain/money.ts';
import { instalmentCovering, instalmentStartingIn, monthLabel, parseMonth } from '../domain/payment-schedule.ts';
import { percent } from '../domain/settlement-rules.ts';
import type { Region } from '../domain/region.ts';
import type { Workspace } from './workspace.ts';

/** The arithmetic of one step, in numbers (amounts in cents, as strings of digits). */
export type Calc =
  /** result = Σ terms */
  | { readonly op: 'sum'; readonly terms: readonly { readonly label: string; readonly cents: string }[]; readonly resultCents: string }
  /** result = whole × weight / weightTotal, rounded down or up (largest remainder or controlled rounding) */
  | { readonly op: 'share'; readonly wholeCents: string; readonly weight: string; readonly weightTotal: string; readonly rounding: 'largest-remainder' | 'controlled-rounding'; readonly resultCents: string }
  /**
   * One instalment: (amount − paidBefore) over `count` equal parts; the leftover cents go one each to
   * the first parts (or the last); this is part number `position` (1-based).
   */
  | {
      readonly op: 'instalment';
      readonly amountCents: string;
      readonly paidBeforeCents: string;
      readonly count: number;
      readonly position: number;
      readonly leftover: 'first' | 'last';
      readonly resultCents: string;
    };

export interface ExplainStep {
  /** The first ledger entry the step's numbers come from (null for a rule applied to earlier steps). */
  readonly seq: number | null;
  /** Every ledger entry the step's numbers come from. */
  readonly cites: readonly number[];
  readonly kind: string;
  readonly recordedAt: string | null;
  readonly actor: string | null;
  readonly reason: string | null;
  readonly text: string;
  readonly calc?: Calc;
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

const c = (v: bigint) => v.toString();

export async function explain(ws: Workspace, q: ExplainQuery): Promise<Explanation> {
  return explainFrom(ws.region, ws.engine.regionOf, await ws.engine.entries(), q);
}

/** The explanation from the ledger's entries (no I/O; tests feed it generated ledgers). */
export function explainFrom(region: Region, regionOf: (version: number | undefined) => Region, entries: readonly LedgerEntry[], q: ExplainQuery): Explanation {
  const ws = { region };
  const municipalities = ws.region.municipalities;
  if (q.municipality && !municipalities.some((m) => m.code === q.municipality)) {
    throw new Refusal('UNKNOWN_MUNICIPALITY', { municipality: q.municipality, region: ws.region.id, known: municipalities.map((m) => m.code) });
  }
  if (q.month && !q.municipality) throw new Refusal('EXPLAIN_NEEDS_MUNICIPALITY');
  const month = q.month === undefined ? undefined : parseMonth(q.month, q.year);
  const state = replay(regionOf, entries);
  const y = requireYear(state, q.year);
  const planProvider = y.plan.providers.find((p) => p.code === q.provider);
  if (!planProvider) throw new Refusal('UNKNOWN_PROVIDER', { provider: q.provider, year: q.year, known: y.plan.providers.map((p) => p.code) });
  const rules = paymentRulesOf(ws.region);
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const step = (cites: readonly number[], text: string, calc?: Calc): ExplainStep => {
    const e: LedgerEntry | undefined = cites.length > 0 ? bySeq.get(cites[0]!) : undefined;
    return {
      seq: e?.seq ?? null,
      cites: [...new Set(cites)],
      kind: e?.decision.kind ?? 'rule',
      recordedAt: e?.recordedAt ?? null,
      actor: e?.actor ?? null,
      reason: e?.reason ?? null,
      text,
      ...(calc ? { calc } : {}),
    };
  };
  const name = (code: string) => municipalities.find((m) => m.code === code)?.name ?? code;
  const steps: ExplainStep[] = [];
  const a = y.allocation;

  // 1. The budgets the allocation was computed from (recorded with the allocation).
  const budgetSeqs = y.inputs.budgets.map((b) => b.seq);
  const extended = y.inputs.budgets.filter((b) => b.basis === 'extended');
  const factor = y.inputs.budgets[0]?.indexFactor ?? '1';
  steps.push(
    step(
      budgetSeqs,
      `Budget ${q.year}: ${formatEuros(y.inputs.totalCents)} = ` +
        y.inputs.budgets.map((b) => `${name(b.municipality)} ${formatEuros(b.amountCents)}`).join(' + ') +
        (extended.length > 0 ? ` (no budget adopted for ${q.year} by ${extended.map((b) => name(b.municipality)).join(', ')}: the level of ${extended[0]!.basedOnYear} is carried on)` : '') +
        (factor !== '1' ? `, indexed ×${factor}` : ''),
      { op: 'sum', terms: y.inputs.budgets.map((b) => ({ label: `budget ${b.municipality}`, cents: c(b.amountCents) })), resultCents: c(y.inputs.totalCents) },
    ),
  );

  // 2. The keys, and the municipalities' parts of the total.
  const keyCites = y.inputs.keysSeq !== undefined ? [y.inputs.keysSeq] : budgetSeqs;
  const keyTotal = sum(Object.values(y.keys));
  steps.push(
    step(
      keyCites,
      `Contribution keys (${y.keysBasis}): ` + municipalities.map((m) => `${name(m.code)} ${percent(y.keys[m.code] ?? 0n, keyTotal)}%`).join(', ') +
        "; the municipalities' parts of the total by largest remainder on these keys",
    ),
  );
  const shown = q.municipality ? [q.municipality] : [];
  for (const m of shown) {
    const col = a.municipalityTotals.find((x) => x.municipality === m)!.amountCents;
    steps.push(
      step(keyCites, `${name(m)}'s part of the total: ${formatEuros(a.totalCents)} × ${y.keys[m] ?? 0n} / ${keyTotal} → ${formatEuros(col)}`, {
        op: 'share',
        wholeCents: c(a.totalCents),
        weight: c(y.keys[m] ?? 0n),
        weightTotal: c(keyTotal),
        rounding: 'largest-remainder',
        resultCents: c(col),
      }),
    );
  }

  // 3. The allocation: themes, then the provider's share of each theme.
  const themeWeights = decimalsToWeights(y.plan.themes.map((t) => t.sharePct));
  const themeWeightTotal = sum(themeWeights);
  for (const t of planProvider.themes) {
    const ti = y.plan.themes.findIndex((x) => x.theme === t.theme);
    const themeTotal = a.themeTotals.find((x) => x.theme === t.theme)!.amountCents;
    steps.push(
      step([y.allocationSeq], `Theme ${t.theme}: ${y.plan.themes[ti]!.sharePct}% of ${formatEuros(a.totalCents)} = ${formatEuros(themeTotal)} (largest remainder)`, {
        op: 'share',
        wholeCents: c(a.totalCents),
        weight: c(themeWeights[ti]!),
        weightTotal: c(themeWeightTotal),
        rounding: 'largest-remainder',
        resultCents: c(themeTotal),
      }),
    );
    const members = y.plan.providers.flatMap((p) => p.themes.filter((x) => x.theme === t.theme).map((x) => ({ provider: p.code, share: x.sharePct })));
    const weights = decimalsToWeights(members.map((x) => x.share));
    const k = members.findIndex((x) => x.provider === q.provider);
    const pt = a.providerThemeTotals.find((x) => x.provider === q.provider && x.theme === t.theme)!.amountCents;
    steps.push(
      step([y.allocationSeq], `${q.provider} has ${t.sharePct}% of theme ${t.theme}: ${formatEuros(pt)} (largest remainder: every cent accounted for)`, {
        op: 'share',
        wholeCents: c(themeTotal),
        weight: c(weights[k]!),
        weightTotal: c(sum(weights)),
        rounding: 'largest-remainder',
        resultCents: c(pt),
      }),
    );
    for (const m of shown) {
      const col = a.municipalityTotals.find((x) => x.municipality === m)!.amountCents;
      const cell = a.cells.find((x) => x.provider === q.provider && x.theme === t.theme && x.municipality === m)!.amountCents;
      steps.push(
        step(
          [y.allocationSeq, ...keyCites],
          `${name(m)}'s part of ${q.provider}/theme ${t.theme}: ${formatEuros(pt)} × ${formatEuros(col)} / ${formatEuros(a.totalCents)} → ${formatEuros(cell)} ` +
            `(controlled rounding: down or up so that both the provider's amount and ${name(m)}'s total hold to the cent)`,
          { op: 'share', wholeCents: c(pt), weight: c(col), weightTotal: c(a.totalCents), rounding: 'controlled-rounding', resultCents: c(cell) },
        ),
      );
    }
  }
  const allocatedContribution = (m: string) => contributionOf(a.cells, q.provider, m);
  const allocatedLump = lumpSumOf(a.cells, q.provider);
  if (!q.municipality) {
    steps.push(
      step(
        [y.allocationSeq],
        `Lump sum ${q.year} of ${q.provider} as allocated: ${formatEuros(allocatedLump)} = Σ of its municipal contributions: ` +
          municipalities.map((m) => `${name(m.code)} ${formatEuros(allocatedContribution(m.code))}`).join(' + '),
        { op: 'sum', terms: municipalities.map((m) => ({ label: `contribution ${m.code}`, cents: c(allocatedContribution(m.code)) })), resultCents: c(allocatedLump) },
      ),
    );
  } else {
    const m = q.municipality;
    steps.push(
      step(
        [y.allocationSeq],
        `Contribution of ${name(m)} to ${q.provider} as allocated: ${formatEuros(allocatedContribution(m))} = Σ over its themes`,
        {
          op: 'sum',
          terms: planProvider.themes.map((t) => ({ label: `theme ${t.theme}`, cents: c(a.cells.find((x) => x.provider === q.provider && x.theme === t.theme && x.municipality === m)!.amountCents) })),
          resultCents: c(allocatedContribution(m)),
        },
      ),
    );
  }

  // 4. The adjustment (at most one per provider per year).
  const adj = y.adjustments.find((x) => x.provider === q.provider);
  if (adj) {
    const part = q.municipality ? adj.perMunicipality.find((p) => p.municipality === q.municipality)?.deltaCents ?? 0n : adj.deltaCents;
    const contributionsBefore = municipalities.map((m) => allocatedContribution(m.code));
    const k = municipalities.findIndex((m) => m.code === q.municipality);
    const proportional = q.municipality !== undefined && !adj.explicit;
    steps.push(
      step(
        [adj.seq],
        `Adjustment decided ${adj.date}, from ${monthLabel(q.year, adj.fromMonth)}: ${adj.deltaCents > 0n ? '+' : ''}${formatEuros(adj.deltaCents)} in all` +
          (q.municipality ? `, of which ${formatEuros(part)} for ${name(q.municipality)}` : '') +
          (adj.explicit ? ' (explicit split: deviating municipalities have their own amount, the others share the rest by contribution)' : ' (split in proportion to the contributions, largest remainder)') +
          (adj.approval ? `; above the contract value with approval ${adj.approval}` : ''),
        proportional
          ? { op: 'share', wholeCents: c(adj.deltaCents), weight: c(contributionsBefore[k]!), weightTotal: c(sum(contributionsBefore)), rounding: 'largest-remainder', resultCents: c(part) }
          : undefined,
      ),
    );
  }

  let amountCents: bigint;
  let subject: string;
  const adjCites = adj ? [y.allocationSeq, adj.seq] : [y.allocationSeq];
  if (!q.municipality) {
    amountCents = lumpSumOf(y.cells, q.provider);
    subject = `lump sum ${q.year} of ${q.provider} (${planProvider.name})`;
    steps.push(
      step(adjCites, `Lump sum now: ${formatEuros(amountCents)}`, {
        op: 'sum',
        terms: [{ label: 'as allocated', cents: c(allocatedLump) }, ...(adj ? [{ label: 'adjustment', cents: c(adj.deltaCents) }] : [])],
        resultCents: c(amountCents),
      }),
    );
  } else {
    const m = q.municipality;
    const contribution = contributionOf(y.cells, q.provider, m);
    const part = adj?.perMunicipality.find((p) => p.municipality === m)?.deltaCents ?? 0n;
    const parts = y.schedule[scheduleKey(q.provider, m)]!;
    steps.push(
      step(adjCites, `Contribution now: ${formatEuros(contribution)}; paid in ${rules.instalments} instalments`, {
        op: 'sum',
        terms: [{ label: 'as allocated', cents: c(allocatedContribution(m)) }, ...(adj ? [{ label: 'adjustment', cents: c(part) }] : [])],
        resultCents: c(contribution),
      }),
    );
    if (month === undefined) {
      amountCents = contribution;
      subject = `contribution ${q.year} of ${name(m)} to ${q.provider}`;
    } else {
      const k = instalmentStartingIn(month, rules) ?? instalmentCovering(month, rules);
      amountCents = parts[k - 1]!;
      subject = `payment ${q.month} of ${name(m)} to ${q.provider}`;
      const from = adj ? instalmentStartingIn(adj.fromMonth, rules)! : undefined;
      const calc: Calc =
        from !== undefined && k >= from
          ? {
              op: 'instalment',
              amountCents: c(contribution),
              paidBeforeCents: c(sum(parts.slice(0, from - 1))),
              count: rules.instalments - from + 1,
              position: k - from + 1,
              leftover: rules.leftoverCents,
              resultCents: c(amountCents),
            }
          : { op: 'instalment', amountCents: c(allocatedContribution(m)), paidBeforeCents: '0', count: rules.instalments, position: k, leftover: rules.leftoverCents, resultCents: c(amountCents) };
      steps.push(
        step(
          from !== undefined && k >= from ? adjCites : [y.allocationSeq],
          from !== undefined && k >= from
            ? `From ${monthLabel(q.year, adj!.fromMonth)} the new contribution ${formatEuros(contribution)} minus the ${from - 1} earlier instalment(s) (${formatEuros(BigInt(calc.paidBeforeCents))}) is spread over the remaining ${calc.count}: floor, leftover cents to the ${rules.leftoverCents === 'first' ? 'earliest' : 'latest'}`
            : `Instalments: ${formatEuros(allocatedContribution(m))} / ${rules.instalments}, the leftover cents one each to the ${rules.leftoverCents === 'first' ? 'earliest' : 'latest'} instalments`,
          calc,
        ),
      );
      const run = y.paymentRuns.find((r) => instalmentStartingIn(r.month, rules) === k);
      steps.push(step(run ? [run.seq] : [], `Payment ${q.month}: ${formatEuros(amountCents)}, ${run ? 'paid' : 'scheduled, not yet paid'}`));
    }
  }
  if (y.settlement) {
    const p = y.settlement.providers.find((x) => x.provider === q.provider);
    if (p) {
      steps.push(
        step(
          [y.settlement.seq],
          `Settled: cost ${formatEuros(p.costCents)} against lump sum ${formatEuros(p.lumpSumCents)}: ${p.resultCents < 0n ? `deficit ${formatEuros(-p.resultCents)}, borne by the provider` : `surplus ${formatEuros(p.resultCents)}`}; the lump sum is not changed`,
          { op: 'sum', terms: [{ label: 'lump sum', cents: c(p.lumpSumCents) }, { label: 'cost', cents: c(-p.costCents) }], resultCents: c(p.resultCents) },
        ),
      );
    }
  }
  return { subject, amountCents, steps };
}
