// `ledger explain`: the chain of decisions and the arithmetic behind one figure — a provider's lump
// sum, one municipality's contribution to it, or one payment. Every step cites the ledger entries its
// numbers were computed from (the budget entries the allocation used, not whatever budget is newest)
// and carries its arithmetic as numbers (`calc`), so anyone can recompute the figure from the
// explanation alone (test/explain.test.ts does, for every figure of random ledgers).
import { contributionOf, lumpSumOf } from '../domain/allocation-rules.ts';
import type { LedgerEntry } from '../domain/decisions.ts';
import { paymentRulesOf, replay, requireYear, scheduleKey } from '../domain/engine.ts';
import { Refusal, type Lang } from '../domain/errors.ts';
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

/** A percentage or share written as "12.5": Dutch with a decimal comma. */
const decimal = (text: string, lang: Lang) => (lang === 'nl' ? text.replace('.', ',') : text);
/** The basis of the keys as the engine records it ("budgets 2028", "… (keys of 2027, carried on)"), in Dutch. */
const keysBasisNl = (basis: string) =>
  basis.replace(/^budgets (\d{4})$/, 'begrotingen $1').replace(/^budgets (\d{4}) \(/, 'begrotingen $1 (').replace(/ \(keys of (\d{4}), carried on\)$/, ' (sleutels van $1, doorgetrokken)');

/**
 * The texts of the steps and the subject: Dutch for the web (the API follows Accept-Language, as its
 * problem texts do), English for the CLI. Amounts are formatEuros's (€ 1.234,56) in both; only the
 * words differ, the numbers (and every calc) are the same.
 */
const TEXTS = {
  en: {
    budget: (year: number, total: string, parts: string) => `Budget ${year}: ${total} = ${parts}`,
    extended: (year: number, names: string, from: number) => ` (no budget adopted for ${year} by ${names}: the level of ${from} is carried on)`,
    indexed: (f: string) => `, indexed ×${f}`,
    keys: (basis: string, parts: string) => `Contribution keys (${basis}): ${parts}; the municipalities' parts of the total by largest remainder on these keys`,
    partOfTotal: (m: string, total: string, w: string, wt: string, r: string) => `${m}'s part of the total: ${total} × ${w} / ${wt} → ${r}`,
    theme: (t: string, pct: string, total: string, r: string) => `Theme ${t}: ${pct}% of ${total} = ${r} (largest remainder)`,
    providerTheme: (p: string, pct: string, t: string, r: string) => `${p} has ${pct}% of theme ${t}: ${r} (largest remainder: every cent accounted for)`,
    cell: (m: string, p: string, t: string, pt: string, col: string, total: string, r: string) =>
      `${m}'s part of ${p}/theme ${t}: ${pt} × ${col} / ${total} → ${r} (controlled rounding: down or up so that both the provider's amount and ${m}'s total hold to the cent)`,
    tender: (p: string, id: string, rank: string, total: string, intended: string, final: string) => `${p} was selected in tender ${id}: rank ${rank}, total score ${total}; intended on ${intended}, final on ${final} after the standstill period`,
    tenderShare: (p: string, t: string, pct: string, basis: string, cap: string) => `${p}'s share of theme ${t}, ${pct}%, is the tender's accepted distribution (${basis}${cap})`,
    lumpAllocated: (year: number, p: string, r: string, parts: string) => `Lump sum ${year} of ${p} as allocated: ${r} = Σ of its municipal contributions: ${parts}`,
    contributionAllocated: (m: string, p: string, r: string) => `Contribution of ${m} to ${p} as allocated: ${r} = Σ over its themes`,
    adjustment: (date: string, from: string, delta: string) => `Adjustment decided ${date}, from ${from}: ${delta} in all`,
    adjustmentPart: (part: string, m: string) => `, of which ${part} for ${m}`,
    explicit: ' (explicit split: deviating municipalities have their own amount, the others share the rest by contribution)',
    proportional: ' (split in proportion to the contributions, largest remainder)',
    approval: (a: string) => `; above the contract value with approval ${a}`,
    lumpNow: (r: string) => `Lump sum now: ${r}`,
    contributionNow: (r: string, n: number) => `Contribution now: ${r}; paid in ${n} instalments`,
    lumpSubject: (year: number, p: string, name: string) => `lump sum ${year} of ${p} (${name})`,
    contributionSubject: (year: number, m: string, p: string) => `contribution ${year} of ${m} to ${p}`,
    paymentSubject: (month: string, m: string, p: string) => `payment ${month} of ${m} to ${p}`,
    respread: (from: string, r: string, n: number, before: string, count: number, first: boolean) =>
      `From ${from} the new contribution ${r} minus the ${n} earlier instalment(s) (${before}) is spread over the remaining ${count}: floor, leftover cents to the ${first ? 'earliest' : 'latest'}`,
    instalments: (r: string, n: number, first: boolean) => `Instalments: ${r} / ${n}, the leftover cents one each to the ${first ? 'earliest' : 'latest'} instalments`,
    payment: (month: string, r: string, paid: boolean) => `Payment ${month}: ${r}, ${paid ? 'paid' : 'scheduled, not yet paid'}`,
    settled: (cost: string, lump: string, result: bigint, amount: string) =>
      `Settled: cost ${cost} against lump sum ${lump}: ${result < 0n ? `deficit ${amount}, borne by the provider` : `surplus ${amount}`}; the lump sum is not changed`,
    keysBasis: (b: string) => b,
  },
  nl: {
    budget: (year: number, total: string, parts: string) => `Begroting ${year}: ${total} = ${parts}`,
    extended: (year: number, names: string, from: number) => ` (geen begroting voor ${year} vastgesteld door ${names}: het niveau van ${from} is doorgetrokken)`,
    indexed: (f: string) => `, geïndexeerd ×${f}`,
    keys: (basis: string, parts: string) => `Verdeelsleutels (${basis}): ${parts}; de delen van de gemeenten in het totaal volgens de grootste-overschotmethode op deze sleutels`,
    partOfTotal: (m: string, total: string, w: string, wt: string, r: string) => `Deel van ${m} in het totaal: ${total} × ${w} / ${wt} → ${r}`,
    theme: (t: string, pct: string, total: string, r: string) => `Thema ${t}: ${pct}% van ${total} = ${r} (grootste overschot)`,
    providerTheme: (p: string, pct: string, t: string, r: string) => `${p} heeft ${pct}% van thema ${t}: ${r} (grootste overschot: elke cent verantwoord)`,
    cell: (m: string, p: string, t: string, pt: string, col: string, total: string, r: string) =>
      `Deel van ${m} in ${p}/thema ${t}: ${pt} × ${col} / ${total} → ${r} (gecontroleerde afronding: naar beneden of naar boven, zodat zowel het bedrag van de aanbieder als het totaal van ${m} op de cent klopt)`,
    tender: (p: string, id: string, rank: string, total: string, intended: string, final: string) => `${p} is geselecteerd in aanbesteding ${id}: rang ${rank}, totaalscore ${total}; voorgenomen op ${intended}, definitief op ${final} na de opschortende termijn`,
    tenderShare: (p: string, t: string, pct: string, basis: string, cap: string) => `Het aandeel van ${p} in thema ${t}, ${pct}%, is de aanvaarde verdeling van de aanbesteding (${basis}${cap})`,
    lumpAllocated: (year: number, p: string, r: string, parts: string) => `Lumpsum ${year} van ${p} zoals toegekend: ${r} = Σ van de bijdragen van de gemeenten: ${parts}`,
    contributionAllocated: (m: string, p: string, r: string) => `Bijdrage van ${m} aan ${p} zoals toegekend: ${r} = Σ over de thema's`,
    adjustment: (date: string, from: string, delta: string) => `Bijstelling besloten op ${date}, vanaf ${from}: ${delta} in totaal`,
    adjustmentPart: (part: string, m: string) => `, waarvan ${part} voor ${m}`,
    explicit: ' (eigen verdeling: afwijkende gemeenten hebben een eigen bedrag, de andere delen de rest naar verhouding van hun bijdrage)',
    proportional: ' (verdeeld naar verhouding van de bijdragen, grootste overschot)',
    approval: (a: string) => `; boven de contractwaarde met goedkeuring ${a}`,
    lumpNow: (r: string) => `Lumpsum nu: ${r}`,
    contributionNow: (r: string, n: number) => `Bijdrage nu: ${r}; betaald in ${n} termijnen`,
    lumpSubject: (year: number, p: string, name: string) => `lumpsum ${year} van ${p} (${name})`,
    contributionSubject: (year: number, m: string, p: string) => `bijdrage ${year} van ${m} aan ${p}`,
    paymentSubject: (month: string, m: string, p: string) => `betaling ${month} van ${m} aan ${p}`,
    respread: (from: string, r: string, n: number, before: string, count: number, first: boolean) =>
      `Vanaf ${from} wordt de nieuwe bijdrage ${r} min ${n === 1 ? 'de eerdere termijn' : `de ${n} eerdere termijnen`} (${before}) verdeeld over de resterende ${count}: naar beneden afgerond, de overgebleven centen naar de ${first ? 'vroegste' : 'laatste'}`,
    instalments: (r: string, n: number, first: boolean) => `Termijnen: ${r} / ${n}, de overgebleven centen één per termijn naar de ${first ? 'vroegste' : 'laatste'} termijnen`,
    payment: (month: string, r: string, paid: boolean) => `Betaling ${month}: ${r}, ${paid ? 'betaald' : 'gepland, nog niet betaald'}`,
    settled: (cost: string, lump: string, result: bigint, amount: string) =>
      `Afgerekend: kosten ${cost} tegenover lumpsum ${lump}: ${result < 0n ? `tekort ${amount}, voor rekening van de aanbieder` : `overschot ${amount}`}; de lumpsum verandert niet`,
    keysBasis: keysBasisNl,
  },
} as const;

/** The explanation, its texts in `lang` (English for the CLI; the API passes the request's language). */
/** Keys set from a proposal (keys set --from-proposal): the method and what it weighed for the municipality asked about. */
function proposalText(entry: LedgerEntry | undefined, municipality: string | undefined, name: (code: string) => string, lang: Lang): string {
  if (entry?.decision.kind !== 'keys.set' || !entry.decision.proposal) return '';
  const p = entry.decision.proposal;
  const inputs = p.inputs
    .map((i) => {
      const per = municipality ? `${name(municipality)} ${i.perMunicipality[municipality] ?? '0'}` : Object.entries(i.perMunicipality).map(([m, v]) => `${name(m)} ${v}`).join(', ');
      return `${i.description}${p.inputs.length > 1 ? ` (${lang === 'nl' ? 'gewicht' : 'weight'} ${i.weightPct})` : ''}: ${per}`;
    })
    .join('; ');
  return lang === 'nl' ? `. Berekend met methode ${p.method}, basisjaar ${p.basisYear}: ${inputs}` : `. Computed by method ${p.method}, basis year ${p.basisYear}: ${inputs}`;
}

export async function explain(ws: Workspace, q: ExplainQuery, lang: Lang = 'en'): Promise<Explanation> {
  return explainFrom(ws.region, ws.engine.regionOf, await ws.engine.entries(), q, lang);
}

/** The explanation from the ledger's entries (no I/O; tests feed it generated ledgers). */
export function explainFrom(region: Region, regionOf: (version: number | undefined) => Region, entries: readonly LedgerEntry[], q: ExplainQuery, lang: Lang = 'en'): Explanation {
  const T = TEXTS[lang];
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
      T.budget(q.year, formatEuros(y.inputs.totalCents), y.inputs.budgets.map((b) => `${name(b.municipality)} ${formatEuros(b.amountCents)}`).join(' + ')) +
        (extended.length > 0 ? T.extended(q.year, extended.map((b) => name(b.municipality)).join(', '), extended[0]!.basedOnYear) : '') +
        (factor !== '1' ? T.indexed(decimal(factor, lang)) : ''),
      { op: 'sum', terms: y.inputs.budgets.map((b) => ({ label: `budget ${b.municipality}`, cents: c(b.amountCents) })), resultCents: c(y.inputs.totalCents) },
    ),
  );

  // 2. The keys, and the municipalities' parts of the total.
  const keyCites = y.inputs.keysSeq !== undefined ? [y.inputs.keysSeq] : budgetSeqs;
  const keyTotal = sum(Object.values(y.keys));
  steps.push(
    step(
      keyCites,
      T.keys(T.keysBasis(y.keysBasis), municipalities.map((m) => `${name(m.code)} ${decimal(percent(y.keys[m.code] ?? 0n, keyTotal), lang)}%`).join(', ')) +
        proposalText(keyCites.length === 1 ? bySeq.get(keyCites[0]!) : undefined, q.municipality, name, lang),
    ),
  );
  const shown = q.municipality ? [q.municipality] : [];
  for (const m of shown) {
    const col = a.municipalityTotals.find((x) => x.municipality === m)!.amountCents;
    steps.push(
      step(keyCites, T.partOfTotal(name(m), formatEuros(a.totalCents), String(y.keys[m] ?? 0n), String(keyTotal), formatEuros(col)), {
        op: 'share',
        wholeCents: c(a.totalCents),
        weight: c(y.keys[m] ?? 0n),
        weightTotal: c(keyTotal),
        rounding: 'largest-remainder',
        resultCents: c(col),
      }),
    );
  }

  // 2b. The tender the plan comes from: the selection and the accepted distribution (issue 16).
  const tender = y.plan.source ? state.tenders[y.plan.source.tender] : undefined;
  if (tender && tender.intent && tender.award && tender.distribution) {
    const line = tender.lines?.find((l) => l.bidder === q.provider);
    if (line) steps.push(step([tender.award.seq, tender.intent.seq, tender.defineSeq], T.tender(q.provider, tender.definition.id, String(line.rank ?? '–'), line.totalScore ?? '–', tender.intent.date, tender.award.date)));
    for (const t of planProvider.themes) {
      const d = tender.distribution.themes.find((x) => x.theme === t.theme);
      if (!d) continue;
      const cap = tender.capacities.filter((x) => x.bidder === q.provider && x.theme === t.theme).reduce((n, x) => n + x.max, 0);
      const capTotal = tender.capacities.filter((x) => x.theme === t.theme && d.shares.some((s) => s.bidder === x.bidder)).reduce((n, x) => n + x.max, 0);
      const basis = d.basis.kind === 'capacity' ? (lang === 'nl' ? 'naar capaciteit' : 'by capacity') : d.basis.kind === 'score' ? (lang === 'nl' ? 'naar score' : 'by score') : lang === 'nl' ? `${d.basis.capacityPct}% naar capaciteit, de rest naar score` : `${d.basis.capacityPct}% by capacity, the rest by score`;
      const capText = d.basis.kind !== 'score' && capTotal > 0 ? (lang === 'nl' ? `: capaciteit ${cap} van ${capTotal} jeugdigen per jaar` : `: capacity ${cap} of ${capTotal} young people a year`) : '';
      steps.push(step([tender.distribution.seq, ...(tender.capacities[0] ? [tender.capacities[0].seq] : [])], T.tenderShare(q.provider, t.theme, decimal(t.sharePct, lang), basis, capText)));
    }
  }

  // 3. The allocation: themes, then the provider's share of each theme.
  const themeWeights = decimalsToWeights(y.plan.themes.map((t) => t.sharePct));
  const themeWeightTotal = sum(themeWeights);
  for (const t of planProvider.themes) {
    const ti = y.plan.themes.findIndex((x) => x.theme === t.theme);
    const themeTotal = a.themeTotals.find((x) => x.theme === t.theme)!.amountCents;
    steps.push(
      step([y.allocationSeq], T.theme(t.theme, decimal(y.plan.themes[ti]!.sharePct, lang), formatEuros(a.totalCents), formatEuros(themeTotal)), {
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
      step([y.allocationSeq], T.providerTheme(q.provider, decimal(t.sharePct, lang), t.theme, formatEuros(pt)), {
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
          T.cell(name(m), q.provider, t.theme, formatEuros(pt), formatEuros(col), formatEuros(a.totalCents), formatEuros(cell)),
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
        T.lumpAllocated(q.year, q.provider, formatEuros(allocatedLump), municipalities.map((m) => `${name(m.code)} ${formatEuros(allocatedContribution(m.code))}`).join(' + ')),
        { op: 'sum', terms: municipalities.map((m) => ({ label: `contribution ${m.code}`, cents: c(allocatedContribution(m.code)) })), resultCents: c(allocatedLump) },
      ),
    );
  } else {
    const m = q.municipality;
    steps.push(
      step(
        [y.allocationSeq],
        T.contributionAllocated(name(m), q.provider, formatEuros(allocatedContribution(m))),
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
        T.adjustment(adj.date, monthLabel(q.year, adj.fromMonth), `${adj.deltaCents > 0n ? '+' : ''}${formatEuros(adj.deltaCents)}`) +
          (q.municipality ? T.adjustmentPart(formatEuros(part), name(q.municipality)) : '') +
          (adj.explicit ? T.explicit : T.proportional) +
          (adj.approval ? T.approval(adj.approval) : ''),
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
    subject = T.lumpSubject(q.year, q.provider, planProvider.name);
    steps.push(
      step(adjCites, T.lumpNow(formatEuros(amountCents)), {
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
      step(adjCites, T.contributionNow(formatEuros(contribution), rules.instalments), {
        op: 'sum',
        terms: [{ label: 'as allocated', cents: c(allocatedContribution(m)) }, ...(adj ? [{ label: 'adjustment', cents: c(part) }] : [])],
        resultCents: c(contribution),
      }),
    );
    if (month === undefined) {
      amountCents = contribution;
      subject = T.contributionSubject(q.year, name(m), q.provider);
    } else {
      const k = instalmentStartingIn(month, rules) ?? instalmentCovering(month, rules);
      amountCents = parts[k - 1]!;
      subject = T.paymentSubject(q.month!, name(m), q.provider);
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
            ? T.respread(monthLabel(q.year, adj!.fromMonth), formatEuros(contribution), from - 1, formatEuros(BigInt(calc.paidBeforeCents)), calc.count, rules.leftoverCents === 'first')
            : T.instalments(formatEuros(allocatedContribution(m)), rules.instalments, rules.leftoverCents === 'first'),
          calc,
        ),
      );
      const run = y.paymentRuns.find((r) => instalmentStartingIn(r.month, rules) === k);
      steps.push(step(run ? [run.seq] : [], T.payment(q.month!, formatEuros(amountCents), run !== undefined)));
    }
  }
  if (y.settlement) {
    const p = y.settlement.providers.find((x) => x.provider === q.provider);
    if (p) {
      steps.push(
        step(
          [y.settlement.seq],
          T.settled(formatEuros(p.costCents), formatEuros(p.lumpSumCents), p.resultCents, formatEuros(p.resultCents < 0n ? -p.resultCents : p.resultCents)),
          { op: 'sum', terms: [{ label: 'lump sum', cents: c(p.lumpSumCents) }, { label: 'cost', cents: c(-p.costCents) }], resultCents: c(p.resultCents) },
        ),
      );
    }
  }
  return { subject, amountCents, steps };
}
