// What every dashboard needs to know about where it is: the role, the filters of the address with
// the period resolved (the address's, or the default), the periods the role can ask for, names.
import { useMemo } from 'react';
import { useLocation } from './router.tsx';
import { useSigned } from './session.tsx';
import { defaultPeriod, periodOptions, readFilters, type Filters, type PeriodOption } from './filters.ts';
import { ROLE_OFFERS, type RoleOffer } from './roles.ts';
import { namesOf, type Names } from './names.ts';
import type { Me, Region } from './api.ts';

export interface PageContext {
  readonly me: Me;
  readonly offer: RoleOffer;
  readonly region: Region;
  readonly names: Names;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly filters: Filters;
  /** The period asked for (null: no period can be asked yet — no data, or none closed). */
  readonly period: string | null;
  readonly periods: readonly PeriodOption[];
  readonly dataUpTo: string | null;
  /** The year of money figures: the period's, else the year of the data's last day, else this year. */
  readonly year: number;
  /** The area's municipality, when an area lies within one. */
  readonly areaMunicipality: (area: string) => string | undefined;
}

export function usePageContext(): PageContext {
  const { me, region, coverage, firstYear } = useSigned();
  const { path, query } = useLocation();
  const search = query.toString();
  return useMemo(() => {
    const offer = ROLE_OFFERS[me.role];
    const dataUpTo = coverage?.dataUpTo ?? null;
    const periods = periodOptions(offer, dataUpTo, firstYear);
    const read = readFilters(new URLSearchParams(search));
    // A provider sees its own figures only: an address naming another provider (a shared link) is
    // read as its own, rather than showing empty tables and refused exports.
    const filters = me.role === 'provider' && me.provider && read.provider !== undefined && read.provider !== me.provider ? { ...read, provider: me.provider } : read;
    const asked = filters.period !== null && periods.some((p) => p.value === filters.period) ? filters.period : null;
    const period = asked ?? defaultPeriod(periods, dataUpTo);
    const year = period ? Number(period.slice(0, 4)) : dataUpTo ? Number(dataUpTo.slice(0, 4)) : firstYear;
    const r = region!;
    const areaMunicipality = (area: string) => r.areas.find((a) => a.id === area)?.within?.municipality;
    return { me, offer, region: r, names: namesOf(r), path, query: new URLSearchParams(search), filters: { ...filters, period }, period, periods, dataUpTo, year, areaMunicipality };
  }, [me, region, coverage, firstYear, path, search]);
}
