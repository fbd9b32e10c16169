// The filters every page shares: period, municipality, area, provider, theme and care form, each
// kept in the address. Only what the role can ask is offered (roles.ts): a municipality's and a
// council's own municipality and a provider's own code are given, not chosen; a council chooses
// half years and years, by theme and care form.
import { useId, type ChangeEvent, type ReactNode } from 'react';
import { navigate, Link } from '../router.tsx';
import { BREAKDOWN_PARAM, FILTER_PARAMS, hrefWith, yearOfPeriod, type FilterDimension } from '../filters.ts';
import type { PageContext } from '../page-context.ts';
import { useApi } from '../use-api.ts';
import { withQuery, type LumpSumRow, type ReachRow } from '../api.ts';
import { DIMENSION_LABELS } from '../roles.ts';

const ALL: readonly FilterDimension[] = ['municipality', 'area', 'provider', 'theme', 'care_form'];

/** The dimensions a role can filter on: those it may break the monitor down by. */
export function filterableFor(ctx: PageContext): FilterDimension[] {
  return ALL.filter((d) => ctx.offer.breakdowns.includes(d) && ctx.offer.column !== d);
}

function Select({ label, value, onChange, children, id }: { label: string; value: string; onChange: (e: ChangeEvent<HTMLSelectElement>) => void; children: ReactNode; id: string }) {
  return (
    <div className="utrecht-form-field utrecht-form-field--select jr-filter">
      <div className="utrecht-form-field__label">
        <label className="utrecht-form-label" htmlFor={id}>
          {label}
        </label>
      </div>
      <div className="utrecht-form-field__input">
        <select id={id} className="utrecht-select utrecht-select--html-select jr-select" value={value} onChange={onChange}>
          {children}
        </select>
      </div>
    </div>
  );
}

export function FilterBar({ ctx, uses = ALL }: { ctx: PageContext; uses?: readonly FilterDimension[] }) {
  const base = useId();
  const shown = filterableFor(ctx).filter((d) => uses.includes(d));
  const set = (param: string) => (e: ChangeEvent<HTMLSelectElement>) => navigate(hrefWith(ctx.path, ctx.query, { [param]: e.target.value || null, [BREAKDOWN_PARAM]: null }));
  const lumpSums = useApi<LumpSumRow[]>(shown.includes('provider') ? `/api/lumpsums/${ctx.year}` : null);
  const themeBy = ctx.offer.column === null ? 'theme' : `${ctx.offer.column},theme`;
  const themes = useApi<ReachRow[]>(shown.includes('theme') && ctx.period ? withQuery('/api/monitor/reach', { period: ctx.period, by: themeBy }) : null);
  const providers = [...new Map((lumpSums.data ?? []).map((r) => [r.provider, r.providerName])).entries()].sort((a, b) => a[1].localeCompare(b[1], 'nl'));
  const themeCodes = [...new Set([...ctx.region.themes.map((t) => t.code), ...(themes.data ?? []).map((r) => r.theme ?? '').filter((t) => t !== '')])].sort();
  const areas = ctx.region.areas.filter((a) => ctx.me.role !== 'municipality' || a.within?.municipality === ctx.me.municipality);
  const years = [...new Set(ctx.periods.map((p) => yearOfPeriod(p.value)))];
  const active = ALL.some((d) => ctx.filters[d] !== undefined);
  const options: Record<FilterDimension, { value: string; label: string }[]> = {
    municipality: ctx.region.municipalities.map((m) => ({ value: m.code, label: m.name })),
    area: areas.map((a) => ({ value: a.id, label: a.name })),
    provider: providers.map(([code, name]) => ({ value: code, label: `${name} (${code})` })),
    theme: themeCodes.map((t) => ({ value: t, label: ctx.names.theme(t) })),
    care_form: ctx.region.careForms.map((c) => ({ value: c.category, label: ctx.names.careForm(c.category) })),
  };
  return (
    <form className="jr-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <Select id={`${base}-periode`} label="Periode" value={ctx.period ?? ''} onChange={set(FILTER_PARAMS.period)}>
        {ctx.period === null ? <option value="">geen periode beschikbaar</option> : null}
        {years.map((y) => (
          <optgroup key={y} label={String(y)}>
            {ctx.periods
              .filter((p) => yearOfPeriod(p.value) === y)
              .map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
          </optgroup>
        ))}
      </Select>
      {shown.map((d) => {
        const value = ctx.filters[d] ?? '';
        const list = options[d];
        const known = value === '' || list.some((o) => o.value === value);
        return (
          <Select key={d} id={`${base}-${d}`} label={DIMENSION_LABELS[d]} value={value} onChange={set(FILTER_PARAMS[d])}>
            <option value="">{d === 'provider' ? 'alle aanbieders' : d === 'municipality' ? 'alle gemeenten' : d === 'area' ? 'alle gebieden' : d === 'theme' ? "alle thema's" : 'alle zorgvormen'}</option>
            {known ? null : <option value={value}>{value}</option>}
            {list.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        );
      })}
      {active ? (
        <p className="utrecht-paragraph jr-filters__clear">
          <Link className="utrecht-link" to={hrefWith(ctx.path, ctx.query, Object.fromEntries([...ALL.map((d) => [FILTER_PARAMS[d], null]), [BREAKDOWN_PARAM, null]]))}>
            Filters wissen
          </Link>
        </p>
      ) : null}
    </form>
  );
}
