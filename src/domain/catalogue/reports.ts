// Refusals of the providers' financial reports, the utilisation view, signals and key proposals
// [issue 14]. Each says what was refused, why, and what to do instead.
import { entry, list } from './entry.ts';

export const REPORT_REFUSALS = {
  REPORT_INVALID: entry<{ text: string; textNl: string }>(
    422,
    (p) => `the report cannot be recorded: ${p.text}`,
    (p) => `de rapportage kan niet worden vastgelegd: ${p.textNl}`,
  ),
  PERIOD_INVALID: entry<{ text: string }>(
    400,
    (p) => `"${p.text}" is not a report period; give M4, M8 or M12 (and for a template or delivery PLAN, the annual plan)`,
    (p) => `"${p.text}" is geen rapportageperiode; geef M4, M8 of M12 (en voor een sjabloon of levering PLAN, het jaarplan)`,
  ),
  NO_REPORT: entry<{ provider: string; year: number; period: string }>(
    404,
    (p) => `${p.provider} has no ${p.period} report for ${p.year}; it is delivered with "jeugdregie reports submit <file>" (or on the page Rapportage)`,
    (p) => `${p.provider} heeft geen ${p.period}-rapportage over ${p.year}; die wordt ingeleverd op de pagina Rapportage (of met "jeugdregie reports submit <bestand>")`,
  ),
  NO_FORECAST_IN_REPORT: entry<{ provider: string; year: number; period: string }>(
    422,
    (p) => `the ${p.period} report of ${p.provider} for ${p.year} carries no forecast; use M4 or M8, or give --forecast`,
    (p) => `de ${p.period}-rapportage van ${p.provider} over ${p.year} bevat geen prognose; gebruik M4 of M8, of geef de prognose zelf`,
  ),
  REPORTS_MISSING_FOR_SETTLEMENT: entry<{ year: number; missing: readonly string[] }>(
    422,
    (p) => `settling ${p.year} from the reports needs every provider's M12 report; missing: ${list(p.missing)}. Wait for them, or give the costs per municipality yourself with --costs <file>`,
    (p) => `afrekenen over ${p.year} uit de rapportages vraagt de M12-rapportage van elke aanbieder; ontbreekt: ${list(p.missing)}. Wacht daarop, of geef de kosten per gemeente zelf (--costs <bestand>)`,
  ),
  COST_UNATTRIBUTED: entry<{ year: number; items: readonly string[] }>(
    422,
    (p) => `cost in the M12 reports of ${p.year} cannot be attributed to municipalities, because the message traffic has no days in care for it: ${list(p.items)}. Ask the provider for the missing start messages, or settle with the costs per municipality given explicitly (--costs <file>)`,
    (p) => `kosten in de M12-rapportages over ${p.year} zijn niet aan gemeenten toe te rekenen, omdat het berichtenverkeer er geen zorgdagen voor heeft: ${list(p.items)}. Vraag de aanbieder om de ontbrekende startberichten, of reken af met de kosten per gemeente zelf opgegeven (--costs <bestand>)`,
  ),
  SIGNAL_UNKNOWN: entry<{ signal: string }>(
    404,
    (p) => `there is no signal "${p.signal}"; the utilisation view lists the signals with their keys`,
    (p) => `er is geen signaal "${p.signal}"; de pagina Uitnutting toont de signalen met hun sleutel`,
  ),
  SIGNAL_NOTE_MISSING: entry<{ signal: string }>(
    422,
    (p) => `signal ${p.signal}: "in discussion" needs a note saying with whom and what was agreed`,
    (p) => `signaal ${p.signal}: "in gesprek" vraagt een notitie met wie en wat er is afgesproken`,
  ),
  SIGNAL_STATUS_INVALID: entry<{ text: string }>(
    400,
    (p) => `"${p.text}" is not a signal status; give open, discussion or closed`,
    (p) => `"${p.text}" is geen status van een signaal; geef open, discussion (in gesprek) of closed (gesloten)`,
  ),
  KEYS_METHOD_INVALID: entry<{ text: string; reason?: string }>(
    400,
    (p) => `"${p.text}" is not a key method${p.reason ? ` (${p.reason})` : ''}; give reach-cost, clients-previous-year, clients-three-year or budget, or a mix like reach-cost=50,budget=50`,
    (p) => `"${p.text}" is geen methode voor de verdeelsleutel${p.reason ? ` (${p.reason})` : ''}; geef reach-cost, clients-previous-year, clients-three-year of budget, of een mix zoals reach-cost=50,budget=50`,
  ),
  KEYS_BASIS_EMPTY: entry<{ method: string; basisYear: number; what: string; whatNl: string }>(
    422,
    (p) => `method ${p.method} has nothing to weigh for basis year ${p.basisYear}: ${p.what}`,
    (p) => `methode ${p.method} heeft voor basisjaar ${p.basisYear} niets om te wegen: ${p.whatNl}`,
  ),
  TRUEUP_NOT_IN_REGION: entry<{ region: string }>(
    409,
    (p) => `${p.region} does not true up contributions between municipalities (its region file's settlementPolicy.municipalityTrueUp is not set); the deficit or surplus stays with the provider`,
    (p) => `${p.region} verrekent de bijdragen niet tussen gemeenten (settlementPolicy.municipalityTrueUp staat niet aan in het regiobestand); een tekort of overschot blijft bij de aanbieder`,
  ),
  TRUEUP_DONE: entry<{ year: number; seq: number }>(
    409,
    (p) => `the municipalities' true-up of ${p.year} was recorded already (ledger entry #${p.seq})`,
    (p) => `de verrekening tussen gemeenten over ${p.year} is al vastgelegd (besluit #${p.seq})`,
  ),
  KEYS_YEAR_OPEN: entry<{ year: number }>(
    409,
    (p) => `the proposal counts young people in ${p.year}, which the data do not cover to its end yet; its counts change with every delivery of messages, so others than the region team get it once the year is over`,
    (p) => `het voorstel telt jeugdigen in ${p.year}, en de gegevens dekken dat jaar nog niet tot het eind; die aantallen veranderen met elke levering berichten, dus anderen dan het regioteam krijgen het voorstel als het jaar voorbij is`,
  ),
  KEYS_SMALL_COUNTS: entry<{ method: string; basisYear: number }>(
    409,
    (p) => `the proposal by ${p.method} (basis year ${p.basisYear}) weighs a count of 1–4 young people, which could be worked out from the proposal or from keys set by it; it is not shown to others than the region team nor recorded: choose another basis year or method (budget weighs no counts)`,
    (p) => `het voorstel volgens ${p.method} (basisjaar ${p.basisYear}) weegt een aantal van 1 tot 4 jeugdigen, dat uit het voorstel of uit sleutels daarnaar af te leiden zou zijn; het wordt alleen het regioteam getoond en niet vastgelegd: kies een ander basisjaar of een andere methode (budget weegt geen aantallen)`,
  ),
} as const;
