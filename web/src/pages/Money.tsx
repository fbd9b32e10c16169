// Steering element 1: money — the budget per municipality, the lump sums per provider, each
// municipality's contribution, the monthly payment schedule and what has been paid; and for the
// roles that may, the explanation of an amount from the ledger (GET /api/explain).
import { useMemo, useState, type FormEvent } from 'react';
import { ApiProblem, get, withQuery, type Budget, type Explanation, type LumpSumRow, type PaymentRow } from '../api.ts';
import { useApi } from '../use-api.ts';
import { usePageContext, type PageContext } from '../page-context.ts';
import { FilterBar } from '../components/FilterBar.tsx';
import { ProblemAlert, Loading } from '../components/Problem.tsx';
import { DataTable } from '../components/DataTable.tsx';
import { Chart } from '../components/Chart.tsx';
import { barsOption, linesOption } from '../chart-options.ts';
import { euros, eurosForChart, shortMonth, dateTime } from '../format.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { SelectField } from '../components/Fields.tsx';
import { Link } from '../router.tsx';
import { hrefWith, FILTER_PARAMS } from '../filters.ts';
import { moneyExport } from '../exports.ts';

const sum = (xs: readonly string[]) => xs.reduce((a, b) => a + BigInt(b), 0n);

/** Whether a lump sum row is within the filters (a monitor theme "A+B" keeps themes A and B). */
export function lumpSumKept(ctx: PageContext, r: { provider: string; municipality: string; theme?: string }): boolean {
  const f = ctx.filters;
  return (!f.provider || r.provider === f.provider) && (!f.municipality || r.municipality === f.municipality) && (!f.theme || r.theme === undefined || f.theme.split('+').includes(r.theme));
}

export function BudgetSection({ ctx }: { ctx: PageContext }) {
  const budget = useApi<Budget>(`/api/budgets/${ctx.year}`);
  const lump = useApi<LumpSumRow[]>(`/api/lumpsums/${ctx.year}`);
  const rows = budget.data?.municipalities ?? [];
  // Every municipality's row, whatever municipality is chosen: its contribution to the chosen provider or theme (as the export).
  const kept = (r: LumpSumRow) => lumpSumKept(ctx, { ...r, municipality: ctx.filters.municipality ?? r.municipality });
  const contribution = (code: string) => sum((lump.data ?? []).filter((r) => r.municipality === code && kept(r)).map((r) => r.amountCents));
  const option = useMemo(
    () =>
      barsOption(
        rows.map((m) => m.name),
        [
          { name: 'Begroting', data: rows.map((m) => eurosForChart(m.amountCents)) },
          ...(lump.data ? [{ name: 'Bijdrage aan de lumpsums', data: rows.map((m) => eurosForChart(contribution(m.code))) }] : []),
        ],
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [budget.data, lump.data, ctx],
  );
  return (
    <section className="jr-section" aria-labelledby="begroting-kop">
      <h2 className="utrecht-heading-2" id="begroting-kop">
        Begroting en bijdragen per gemeente, {ctx.year}
      </h2>
      {budget.error ? <ProblemAlert problem={budget.error} /> : null}
      {budget.loading ? <Loading what="De begroting" /> : null}
      {budget.data ? (
        <>
          <Chart option={option} label={`Staafdiagram: begroting en bijdrage aan de lumpsums per gemeente in ${ctx.year}, in euro. De bedragen staan in de tabel hieronder.`} />
          <DataTable
            id="tabel-begroting"
            caption={`Begroting en bijdragen per gemeente, ${ctx.year}`}
            rows={rows}
            rowKey={(m) => m.code}
            exportAs={moneyExport('budgets', ctx.year, ctx.filters)}
            columns={[
              { key: 'g', header: 'Gemeente', rowHeader: true, cell: (m) => m.name },
              { key: 'b', header: 'Begroting', numeric: true, cell: (m) => euros(m.amountCents) },
              { key: 'c', header: lump.data ? 'Bijdrage aan de lumpsums' : 'Bijdrage', numeric: true, cell: (m) => (lump.data ? euros(contribution(m.code)) : '—') },
              { key: 'g2', header: 'Grondslag', cell: (m) => (m.basis === 'adopted' ? 'vastgesteld' : `doorgetrokken van ${m.basedOnYear}`) },
            ]}
            footer={['Regio', euros(budget.data.totalCents), lump.data ? euros(sum(lump.data.filter(kept).map((r) => r.amountCents))) : '—', '']}
            note={ctx.filters.provider || ctx.filters.theme ? 'De bijdragen zijn die aan de gekozen aanbieder of het gekozen thema.' : undefined}
          />
        </>
      ) : null}
    </section>
  );
}

export function LumpSumSection({ ctx, provider }: { ctx: PageContext; provider?: string }) {
  const lump = useApi<LumpSumRow[]>(withQuery(`/api/lumpsums/${ctx.year}`, { provider }));
  const perProvider = useMemo(() => {
    const by = new Map<string, { provider: string; name: string; themes: Set<string>; cents: bigint }>();
    for (const r of (lump.data ?? []).filter((x) => lumpSumKept(ctx, x))) {
      const p = by.get(r.provider) ?? { provider: r.provider, name: r.providerName, themes: new Set<string>(), cents: 0n };
      p.themes.add(r.theme);
      p.cents += BigInt(r.amountCents);
      by.set(r.provider, p);
    }
    return [...by.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  }, [lump.data, ctx]);
  const total = perProvider.reduce((a, p) => a + p.cents, 0n);
  const option = useMemo(() => barsOption(perProvider.map((p) => p.name), [{ name: 'Lumpsum', data: perProvider.map((p) => eurosForChart(p.cents)) }]), [perProvider]);
  return (
    <section className="jr-section" aria-labelledby="lumpsum-kop">
      <h2 className="utrecht-heading-2" id="lumpsum-kop">
        Lumpsums per aanbieder, {ctx.year}
      </h2>
      {lump.error ? <ProblemAlert problem={lump.error} /> : null}
      {lump.loading ? <Loading what="De lumpsums" /> : null}
      {lump.data ? (
        <>
          {perProvider.length > 1 ? <Chart option={option} rows={perProvider.length} label={`Staafdiagram: lumpsum per aanbieder in ${ctx.year}, in euro. De bedragen staan in de tabel hieronder.`} /> : null}
          <DataTable
            id="tabel-lumpsums"
            caption={`Lumpsums per aanbieder, ${ctx.year}`}
            rows={perProvider}
            rowKey={(p) => p.provider}
            exportAs={moneyExport('lumpsums', ctx.year, ctx.filters, provider)}
            columns={[
              {
                key: 'a',
                header: 'Aanbieder',
                rowHeader: true,
                cell: (p) =>
                  ctx.me.role === 'council' || provider ? (
                    `${p.name} (${p.provider})`
                  ) : (
                    <Link className="utrecht-link" to={hrefWith('/aanbieder', ctx.query, { [FILTER_PARAMS.provider]: p.provider })}>
                      {p.name} ({p.provider})
                    </Link>
                  ),
              },
              { key: 't', header: "Thema's", cell: (p) => [...p.themes].sort().join(', ') },
              { key: 'b', header: 'Lumpsum', numeric: true, cell: (p) => euros(p.cents) },
            ]}
            footer={['Totaal', '', euros(total)]}
          />
        </>
      ) : null}
    </section>
  );
}

export function PaymentsSection({ ctx, provider }: { ctx: PageContext; provider?: string }) {
  const pay = useApi<PaymentRow[]>(withQuery(`/api/payments/${ctx.year}`, { provider }));
  const months = useMemo(() => {
    const by = new Map<string, { month: string; scheduled: bigint; paid: bigint }>();
    for (const r of (pay.data ?? []).filter((x) => lumpSumKept(ctx, x))) {
      const m = by.get(r.month) ?? { month: r.month, scheduled: 0n, paid: 0n };
      m.scheduled += BigInt(r.amountCents);
      if (r.paid) m.paid += BigInt(r.amountCents);
      by.set(r.month, m);
    }
    return [...by.values()].sort((a, b) => a.month.localeCompare(b.month));
  }, [pay.data, ctx]);
  const option = useMemo(
    () =>
      linesOption(
        months.map((m) => shortMonth(m.month)),
        [
          { name: 'Volgens schema', data: months.map((m) => eurosForChart(m.scheduled)) },
          { name: 'Betaald', data: months.map((m) => eurosForChart(m.paid)) },
        ],
      ),
    [months],
  );
  const scheduled = months.reduce((a, m) => a + m.scheduled, 0n);
  const paid = months.reduce((a, m) => a + m.paid, 0n);
  return (
    <section className="jr-section" aria-labelledby="betaal-kop">
      <h2 className="utrecht-heading-2" id="betaal-kop">
        Betaalschema en betaald, {ctx.year}
      </h2>
      {pay.error ? <ProblemAlert problem={pay.error} /> : null}
      {pay.loading ? <Loading what="Het betaalschema" /> : null}
      {pay.data ? (
        <>
          <Chart option={option} label={`Lijndiagram: termijnen volgens het betaalschema en wat betaald is, per maand van ${ctx.year}, in euro. De bedragen staan in de tabel hieronder.`} />
          <DataTable
            id="tabel-betalingen"
            caption={`Betaalschema per maand, ${ctx.year}`}
            rows={months}
            rowKey={(m) => m.month}
            exportAs={moneyExport('payments', ctx.year, ctx.filters, provider)}
            columns={[
              { key: 'm', header: 'Maand', rowHeader: true, cell: (m) => shortMonth(m.month) },
              { key: 's', header: 'Volgens schema', numeric: true, cell: (m) => euros(m.scheduled) },
              { key: 'p', header: 'Betaald', numeric: true, cell: (m) => euros(m.paid) },
              { key: 'o', header: 'Nog te betalen', numeric: true, cell: (m) => euros(m.scheduled - m.paid) },
            ]}
            footer={['Jaar', euros(scheduled), euros(paid), euros(scheduled - paid)]}
          />
        </>
      ) : null}
    </section>
  );
}

/** The explanation of an amount: its decisions in the ledger and the arithmetic. */
export function ExplanationView({ explanation }: { explanation: Explanation }) {
  return (
    <div className="jr-explanation">
      <p className="utrecht-paragraph">
        <strong>{explanation.subject}</strong>: {euros(explanation.amountCents)}
      </p>
      <ol className="jr-steps">
        {explanation.steps.map((s, i) => (
          <li key={i}>
            {s.seq ? <span className="jr-step-meta">Besluit #{s.seq}{s.recordedAt ? `, ${dateTime(s.recordedAt)}` : ''}{s.actor ? `, ${s.actor}` : ''}: </span> : null}
            {s.text}
            {s.reason ? <span className="jr-step-meta"> — reden: {s.reason}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ExplainSection({ ctx, provider: fixed }: { ctx: PageContext; provider?: string }) {
  const lump = useApi<LumpSumRow[]>(withQuery(`/api/lumpsums/${ctx.year}`, { provider: fixed }));
  const providers = [...new Map((lump.data ?? []).map((r) => [r.provider, r.providerName])).entries()];
  const [provider, setProvider] = useState(fixed ?? ctx.filters.provider ?? '');
  const [municipality, setMunicipality] = useState(ctx.filters.municipality ?? '');
  const [month, setMonth] = useState('');
  const [answer, setAnswer] = useState<Explanation | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const chosen = provider || providers[0]?.[0] || '';
  const ask = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setAnswer(null);
    try {
      setAnswer(await get<Explanation>(withQuery('/api/explain', { provider: chosen, year: ctx.year, municipality: municipality || undefined, month: municipality && month ? `${ctx.year}-${month}` : undefined })));
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, 'Fout', String(err), undefined));
    }
  };
  return (
    <section className="jr-section" aria-labelledby="uitleg-kop">
      <h2 className="utrecht-heading-2" id="uitleg-kop">
        Uitleg van een bedrag
      </h2>
      <p className="utrecht-paragraph">Uit welke besluiten een lumpsum, een bijdrage of een termijn volgt, met de berekening.</p>
      <form className="jr-form jr-form--inline" onSubmit={(e) => void ask(e)}>
        {fixed ? null : (
          <SelectField id="uitleg-aanbieder" label="Aanbieder" value={chosen} onChange={setProvider}>
            {providers.map(([code, name]) => (
              <option key={code} value={code}>
                {name} ({code})
              </option>
            ))}
          </SelectField>
        )}
        <SelectField id="uitleg-gemeente" label="Gemeente" value={municipality} onChange={setMunicipality} required={false}>
          <option value="">de hele lumpsum</option>
          {ctx.region.municipalities.map((m) => (
            <option key={m.code} value={m.code}>
              bijdrage van {m.name}
            </option>
          ))}
        </SelectField>
        <SelectField id="uitleg-maand" label="Maand" value={month} onChange={setMonth} required={false} description="Met een gemeente: de termijn van die maand.">
          <option value="">geen (de bijdrage)</option>
          {Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).map((m) => (
            <option key={m} value={m}>
              {shortMonth(`${ctx.year}-${m}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="utrecht-button utrecht-button--secondary-action" disabled={chosen === ''}>
          Uitleg tonen
        </button>
      </form>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {answer ? <ExplanationView explanation={answer} /> : null}
    </section>
  );
}

export function MoneyPage() {
  const ctx = usePageContext();
  return (
    <>
      <PageTitle title="Geld" kicker="Sturingselement 1" />
      <p className="utrecht-paragraph jr-lead">
        De begroting van elke gemeente, de lumpsum van elke aanbieder en de bijdrage van elke gemeente daaraan, het betaalschema per maand en wat er al betaald is. Bedragen die gemeenteraden openbaar vaststellen, zijn voor alle gemeenten zichtbaar.
      </p>
      <FilterBar ctx={ctx} uses={['municipality', 'provider', 'theme']} />
      {ctx.me.role !== 'provider' ? <BudgetSection ctx={ctx} /> : null}
      <LumpSumSection ctx={ctx} />
      <PaymentsSection ctx={ctx} />
      {ctx.offer.explain ? <ExplainSection ctx={ctx} /> : null}
    </>
  );
}
