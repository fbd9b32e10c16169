// Refusals of the CBS deliveries (a second source), coverage and outcome indicators [issue 15]. Each
// says what was refused, why, and what to do instead.
import { entry } from './entry.ts';

export const QUALITY_REFUSALS = {
  BIJ_PERIOD_INVALID: entry<{ text: string }>(
    400,
    (p) => `"${p.text}" is not a half year of a CBS delivery; write YYYY-H1 (January–June) or YYYY-H2 (July–December), e.g. 2028-H1`,
    (p) => `"${p.text}" is geen halfjaar van een CBS-levering; schrijf JJJJ-H1 (januari–juni) of JJJJ-H2 (juli–december), bijvoorbeeld 2028-H1`,
  ),
  BIJ_PERIOD_OPEN: entry<{ period: string; end: string; asOf: string }>(
    409,
    (p) => `${p.period} runs until ${p.end}; its CBS delivery comes after that (delivery date ${p.asOf})`,
    (p) => `${p.period} loopt tot en met ${p.end}; de CBS-levering daarover komt daarna (leverdatum ${p.asOf})`,
  ),
  BIJ_PERIOD_CLOSED: entry<{ period: string; current: string; previous: string }>(
    409,
    (p) => `${p.period} was delivered before and can no longer be corrected: as at CBS, only the current period (${p.current}) and the one before it (${p.previous}) can be corrected`,
    (p) => `${p.period} is eerder geleverd en kan niet meer worden gecorrigeerd: net als bij het CBS kunnen alleen de huidige periode (${p.current}) en de periode daarvoor (${p.previous}) worden gecorrigeerd`,
  ),
  BIJ_PROVIDER_UNKNOWN: entry<{ provider: string }>(
    404,
    (p) => `"${p.provider}" is no provider in the registry and no AGB code in the message traffic; give the provider's code or one of its AGB codes (jeugdregie providers list)`,
    (p) => `"${p.provider}" is geen aanbieder in het register en geen AGB-code in het berichtenverkeer; geef de code van de aanbieder of een van zijn AGB-codes`,
  ),
  OUTCOME_PERIOD_INVALID: entry<{ text: string }>(
    400,
    (p) => `"${p.text}" is not a period of the outcome indicators; write a year (2028) or a half year (2028-H1)`,
    (p) => `"${p.text}" is geen periode voor de uitkomstindicatoren; schrijf een jaar (2028) of een halfjaar (2028-H1)`,
  ),
  STATLINE_TABLE_UNKNOWN: entry<{ table: string; known: string }>(
    400,
    (p) => `"${p.table}" is not a StatLine table the comparison knows; use one of ${p.known}`,
    (p) => `"${p.table}" is geen StatLine-tabel die de vergelijking kent; gebruik een van ${p.known}`,
  ),
  NATIONAL_HALF_YEARS_ONLY: entry<{ period: string }>(
    400,
    (p) => `the comparison is shown to others than the region team per half year only, not for ${p.period}: a year less a half year would tell the young people who started or ended in the other half; ask for ${p.period}-H1 or ${p.period}-H2`,
    (p) => `de vergelijking wordt anderen dan het regioteam alleen per halfjaar getoond, niet over ${p.period}: een jaar min een halfjaar zou de jeugdigen tonen die in het andere halfjaar begonnen of stopten; vraag ${p.period}-H1 of ${p.period}-H2`,
  ),
  BREAKDOWN_INVALID: entry<{ text: string; allowed: string }>(
    400,
    (p) => `"${p.text}" is not a breakdown here; use one of ${p.allowed}`,
    (p) => `"${p.text}" is hier geen uitsplitsing; gebruik een van ${p.allowed}`,
  ),
} as const;
