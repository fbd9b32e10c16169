// Refusals of the money engine: budgets, allocation, keys, payments, adjustments, settlement, the
// ledger [DOMAIN.md §3–4]. Each says what was refused, why, and what to do instead.
import { entry, euros, list, ym } from './entry.ts';

export const MONEY_REFUSALS = {
  // Budgets
  NO_BUDGET: entry<{ municipality?: string; year?: number }>(
    404,
    (p) => `no budget has been adopted${p.municipality ? ` for municipality ${p.municipality}` : ' for any municipality'}${p.year ? ` up to ${p.year}` : ''}; import one with "jeugdregie budget import <file>"`,
    (p) => `er is geen begroting vastgesteld${p.municipality ? ` voor gemeente ${p.municipality}` : ' voor een gemeente'}${p.year ? ` tot en met ${p.year}` : ''}; importeer er een op de pagina Begroting importeren (of met "jeugdregie budget import <bestand>")`,
  ),
  YEAR_BEFORE_FIRST_BUDGET: entry<{ municipality: string; year: number; first: number }>(
    404,
    (p) => `municipality ${p.municipality} has no budget for ${p.year}: its first adopted year is ${p.first}`,
    (p) => `gemeente ${p.municipality} heeft geen begroting voor ${p.year}: het eerste vastgestelde jaar is ${p.first}`,
  ),
  GAP_IN_BUDGET_YEARS: entry<{ municipality: string; missing: readonly number[] }>(
    422,
    (p) => `the budgets of municipality ${p.municipality} have no year ${list(p.missing)} between adopted years; adopt the missing year(s) too`,
    (p) => `de begrotingen van gemeente ${p.municipality} missen ${list(p.missing)} tussen vastgestelde jaren; stel ook de ontbrekende jaren vast`,
  ),
  DUPLICATE_BUDGET: entry<{ municipality: string; year: number }>(
    422,
    (p) => `municipality ${p.municipality} has two budgets for ${p.year}; give one`,
    (p) => `gemeente ${p.municipality} heeft twee begrotingen voor ${p.year}; geef er één`,
  ),
  INDEXATION_INVALID: entry<{ year: string; value: string; nonPositive?: boolean }>(
    422,
    (p) =>
      p.nonPositive
        ? `the indexation for ${p.year} (${p.value}%) would make budgets zero or negative; fix the region file's budgetPolicy.indexation`
        : `the indexation for ${p.year} ("${p.value}") is not a percentage like 2.5 or -1; fix the region file's budgetPolicy.indexation`,
    (p) =>
      p.nonPositive
        ? `de indexatie voor ${p.year} (${p.value}%) maakt begrotingen nul of negatief; verbeter budgetPolicy.indexation in het regiobestand`
        : `de indexatie voor ${p.year} ("${p.value}") is geen percentage zoals 2.5 of -1; verbeter budgetPolicy.indexation in het regiobestand`,
  ),
  YEAR_INVALID: entry<{ text: string }>(
    400,
    (p) => `"${p.text}" is not a year like 2028`,
    (p) => `"${p.text}" is geen jaar zoals 2028`,
  ),
  BUDGET_YEAR_LOCKED: entry<{ years: readonly number[]; paying: number; seq: number }>(
    409,
    (p) => `this import would change the budget of ${list(p.years)}, but payments for ${p.paying} have started (ledger entry #${p.seq}); a year's budget is fixed once it pays: change a lump sum in that year through an in-year adjustment ("jeugdregie adjust"), or import budgets only for years that have not started paying`,
    (p) => `deze import zou de begroting van ${list(p.years)} wijzigen, maar de betalingen over ${p.paying} zijn begonnen (besluit #${p.seq}); de begroting van een jaar ligt vast zodra er betaald wordt: wijzig een lumpsum in dat jaar met een bijstelling (Besluiten → Bijstelling, of "jeugdregie adjust"), of importeer alleen begrotingen voor jaren waarin nog niet betaald is`,
  ),
  BUDGET_EMPTY: entry(
    422,
    () => 'the budget import holds no budget; give at least one year and municipality',
    () => 'de begrotingsimport bevat geen begroting; geef ten minste één jaar en gemeente',
  ),
  AMOUNT_INVALID: entry<{ text: string; expected: string; expectedNl?: string }>(
    400,
    (p) => `"${p.text}" is not an amount: ${p.expected}`,
    (p) => `"${p.text}" is geen bedrag: ${p.expectedNl ?? p.expected}`,
  ),
  AMOUNT_TOO_LARGE: entry<{ text: string }>(
    400,
    (p) => `${p.text} is larger than Jeugdregie can hold (at most 92.233.720.368.547.758,07 euro); check the amount`,
    (p) => `${p.text} is groter dan Jeugdregie kan bewaren (hoogstens 92.233.720.368.547.758,07 euro); controleer het bedrag`,
  ),

  // Allocation
  PLAN_INVALID: entry<{ year: number; problems: readonly string[] }>(
    422,
    (p) => `the allocation plan for ${p.year} is not valid: ${p.problems.join('; ')}`,
    (p) => `het verdeelplan voor ${p.year} klopt niet: ${p.problems.join('; ')}`,
  ),
  PLAN_YEAR_MISMATCH: entry<{ file: string; planYear: number; year: number }>(
    422,
    (p) => `${p.file} is the plan for ${p.planYear}, not for ${p.year}; give the plan of ${p.year}, or leave out "year:" to use this plan for ${p.year}`,
    (p) => `${p.file} is het plan voor ${p.planYear}, niet voor ${p.year}; geef het plan van ${p.year}, of laat "year:" weg om dit plan voor ${p.year} te gebruiken`,
  ),
  NO_EARLIER_PLAN: entry<{ year: number }>(
    404,
    (p) => `there is no earlier plan to reuse for ${p.year}; give --plan <file>`,
    (p) => `er is geen eerder verdeelplan om voor ${p.year} opnieuw te gebruiken; geef --plan <bestand>`,
  ),
  YEAR_NOT_ALLOCATED: entry<{ year: number }>(
    404,
    (p) => `no lump sums are allocated for ${p.year}; run "jeugdregie allocate --year ${p.year}" first`,
    (p) => `voor ${p.year} zijn nog geen lumpsums toegekend; ken ze eerst toe (Besluiten → Toekennen, of "jeugdregie allocate --year ${p.year}")`,
  ),
  YEAR_ALREADY_PAYING: entry<{ year: number; what: 'allocation' | 'keys'; paidThrough?: number; adjustmentSeq?: number }>(
    409,
    (p) =>
      p.what === 'keys'
        ? `payments for ${p.year} have started; keys change for a coming year, and in-year changes go through an adjustment ("jeugdregie adjust")`
        : p.adjustmentSeq !== undefined
          ? `${p.year} has an adjustment (ledger entry #${p.adjustmentSeq}); the allocation can no longer be redone`
          : `payments for ${p.year} have started (paid through ${ym(p.year, p.paidThrough ?? 0)}); the allocation can no longer be redone — record an adjustment instead`,
    (p) =>
      p.what === 'keys'
        ? `de betalingen over ${p.year} zijn begonnen; verdeelsleutels wijzigen voor een komend jaar, en wijzigingen in het lopende jaar gaan via een bijstelling (Besluiten → Bijstelling, of "jeugdregie adjust")`
        : p.adjustmentSeq !== undefined
          ? `${p.year} heeft al een bijstelling (besluit #${p.adjustmentSeq}); de toekenning kan niet meer opnieuw`
          : `de betalingen over ${p.year} zijn begonnen (betaald tot en met ${ym(p.year, p.paidThrough ?? 0)}); de toekenning kan niet meer opnieuw — leg een bijstelling vast`,
  ),
  YEAR_SETTLED: entry<{ year: number; seq?: number }>(
    409,
    (p) => `${p.year} is settled${p.seq !== undefined ? ` (ledger entry #${p.seq})` : ''}; its lump sums and contributions are final — changes go into a coming year`,
    (p) => `${p.year} is afgerekend${p.seq !== undefined ? ` (besluit #${p.seq})` : ''}; de lumpsums en bijdragen liggen vast — wijzigingen gaan in een komend jaar`,
  ),

  // Keys
  KEYS_INVALID: entry<{ municipality?: string; allZero?: boolean }>(
    422,
    (p) => (p.allZero ? 'the keys are all zero; give every municipality a weight, at least one above zero' : `the key of municipality ${p.municipality} is missing or not a whole number ≥ 0`),
    (p) => (p.allZero ? 'de verdeelsleutels zijn allemaal nul; geef elke gemeente een gewicht, ten minste één groter dan nul' : `de verdeelsleutel van gemeente ${p.municipality} ontbreekt of is geen heel getal ≥ 0`),
  ),
  KEYS_DUPLICATE: entry<{ municipality: string }>(
    422,
    (p) => `municipality ${p.municipality} is given twice; give each municipality's key once`,
    (p) => `gemeente ${p.municipality} staat er twee keer in; geef de verdeelsleutel van elke gemeente één keer`,
  ),
  UNKNOWN_MUNICIPALITY: entry<{ municipality: string; region: string; known?: readonly string[] }>(
    404,
    (p) => `municipality ${p.municipality} is not in region ${p.region}${p.known ? ` (known: ${list(p.known)})` : ''}`,
    (p) => `gemeente ${p.municipality} hoort niet bij regio ${p.region}${p.known ? ` (wel: ${list(p.known)})` : ''}`,
  ),
  UNKNOWN_PROVIDER: entry<{ provider: string; year?: number; known?: readonly string[] }>(
    404,
    (p) => `provider ${p.provider} ${p.year !== undefined ? `has no lump sum in ${p.year}` : 'is not in the provider registry'}${p.known && p.known.length > 0 ? `; known: ${list(p.known)}` : ''}`,
    (p) => `aanbieder ${p.provider} ${p.year !== undefined ? `heeft geen lumpsum in ${p.year}` : 'staat niet in het aanbiedersregister'}${p.known && p.known.length > 0 ? `; wel: ${list(p.known)}` : ''}`,
  ),

  // The provider registry
  PROVIDER_CODE_INVALID: entry<{ code: string }>(
    422,
    (p) => `provider code "${p.code}" must be 1–40 letters, digits, - or _`,
    (p) => `aanbiederscode "${p.code}" moet bestaan uit 1–40 letters, cijfers, - of _`,
  ),
  PROVIDER_TWICE: entry<{ code: string }>(
    422,
    (p) => `provider ${p.code} is given twice; give each provider once`,
    (p) => `aanbieder ${p.code} staat er twee keer in; geef elke aanbieder één keer`,
  ),
  PROVIDER_NAME_MISSING: entry<{ code: string }>(
    422,
    (p) => `provider ${p.code} has no name; give its name`,
    (p) => `aanbieder ${p.code} heeft geen naam; geef de naam`,
  ),
  AGB_CODE_INVALID: entry<{ code: string; agb: string }>(
    422,
    (p) => `AGB code "${p.agb}" of provider ${p.code} is not 8 digits`,
    (p) => `AGB-code "${p.agb}" van aanbieder ${p.code} is geen 8 cijfers`,
  ),
  AGB_CODE_TAKEN: entry<{ agb: string; code: string; owner: string }>(
    409,
    (p) => `AGB code ${p.agb} belongs to provider ${p.owner} already, so it cannot be ${p.code}'s too; an AGB code names one provider (move it with "jeugdregie providers register" for ${p.owner} first)`,
    (p) => `AGB-code ${p.agb} hoort al bij aanbieder ${p.owner} en kan dus niet ook van ${p.code} zijn; een AGB-code hoort bij één aanbieder (verplaats hem eerst met "jeugdregie providers register" voor ${p.owner})`,
  ),

  // Payments
  PAYMENT_RUN_INVALID: entry<{ year: number; next?: number; instalments: number }>(
    409,
    (p) => (p.next === undefined ? `all ${p.instalments} instalments of ${p.year} are paid` : `the next payment run of ${p.year} is ${ym(p.year, p.next)}; runs are made in order, once`),
    (p) => (p.next === undefined ? `alle ${p.instalments} termijnen van ${p.year} zijn betaald` : `de volgende betaalrun van ${p.year} is ${ym(p.year, p.next)}; runs gaan op volgorde, één keer`),
  ),
  MONTH_INVALID: entry<{ text: string; year?: number }>(
    400,
    (p) => `"${p.text}" is not a month${p.year !== undefined ? ` of ${p.year}; write it as ${p.year}-MM` : '; write it as YYYY-MM, like 2028-03'}`,
    (p) => `"${p.text}" is geen maand${p.year !== undefined ? ` van ${p.year}; schrijf ${p.year}-MM` : '; schrijf JJJJ-MM, zoals 2028-03'}`,
  ),
  MONTH_NOT_INSTALMENT_START: entry<{ month: string; starts: readonly string[] }>(
    422,
    (p) => `${p.month} is not the first month of an instalment; choose one of ${list(p.starts)}`,
    (p) => `${p.month} is niet de eerste maand van een termijn; kies uit ${list(p.starts)}`,
  ),
  RESCHEDULE_NEGATIVE: entry<{ shortCents: bigint; instalment: number }>(
    409,
    (p) => `the new amount is ${euros(p.shortCents)} less than what is paid or due before instalment ${p.instalment}; a change can only take away what is not yet paid`,
    (p) => `het nieuwe bedrag is ${euros(p.shortCents)} lager dan wat vóór termijn ${p.instalment} betaald of verschuldigd is; een wijziging kan alleen afhalen wat nog niet betaald is`,
  ),

  // Adjustments
  ADJUSTMENT_ALREADY_MADE: entry<{ provider: string; year: number; date: string; reason: string; seq: number }>(
    409,
    (p) => `provider ${p.provider} already had its one in-year adjustment for ${p.year} on ${p.date} (#${p.seq}, "${p.reason}"); a lump sum is adjusted at most once a year`,
    (p) => `aanbieder ${p.provider} had op ${p.date} al de ene bijstelling van ${p.year} (#${p.seq}, "${p.reason}"); een lumpsum wordt hoogstens één keer per jaar bijgesteld`,
  ),
  ADJUSTMENT_ZERO: entry(409, () => 'an adjustment of zero changes nothing', () => 'een bijstelling van nul verandert niets'),
  ADJUSTMENT_REASON_MISSING: entry(
    422,
    () => 'an adjustment needs a reason (--reason)',
    () => 'een bijstelling heeft een reden nodig: vul "Reden" in (opdrachtregel: --reason)',
  ),
  ADJUSTMENT_RETROACTIVE: entry<{ year: number; paidThrough: number; next?: string }>(
    409,
    (p) => `months up to ${ym(p.year, p.paidThrough)} are paid; an adjustment takes effect from a month not yet paid (${p.next ? `${p.next} or later` : 'none is left this year'})`,
    (p) => `de maanden tot en met ${ym(p.year, p.paidThrough)} zijn betaald; een bijstelling gaat in vanaf een maand die nog niet betaald is (${p.next ? `${p.next} of later` : 'dit jaar is er geen meer'})`,
  ),
  ADJUSTMENT_REASON_REQUIRED: entry<{ codes: readonly string[] }>(
    422,
    (p) => `an upward adjustment is allowed only for an unforeseen circumstance; give --upward-reason with one of: ${list(p.codes)}`,
    (p) => `een bijstelling naar boven mag alleen bij een onvoorziene omstandigheid; kies die bij "Onvoorziene omstandigheid (bij verhogen)" (opdrachtregel: --upward-reason), een van: ${list(p.codes)}`,
  ),
  ADJUSTMENT_FORECAST_REQUIRED: entry(
    422,
    () => "a downward adjustment needs the provider's forecast cost for the year (--forecast)",
    () => 'een bijstelling naar beneden heeft de prognose van de kosten van de aanbieder voor het jaar nodig: vul "Verwachte kosten in euro (bij verlagen)" in (opdrachtregel: --forecast)',
  ),
  FORECAST_NEGATIVE: entry<{ forecastCents: bigint }>(
    422,
    (p) => `the forecast cost ${euros(p.forecastCents)} is negative; give the provider's expected cost for the year, 0 or more`,
    (p) => `de kostenprognose ${euros(p.forecastCents)} is negatief; geef de verwachte kosten van de aanbieder voor het jaar, 0 of meer`,
  ),
  ADJUSTMENT_NOT_ENOUGH_BELOW: entry<{ forecastCents: bigint; lumpSumCents: bigint; thresholdPct: string }>(
    409,
    (p) => `the forecast cost ${euros(p.forecastCents)} is less than ${p.thresholdPct}% below the lump sum ${euros(p.lumpSumCents)}; a downward adjustment needs costs at least ${p.thresholdPct}% lower`,
    (p) => `de kostenprognose ${euros(p.forecastCents)} ligt minder dan ${p.thresholdPct}% onder de lumpsum ${euros(p.lumpSumCents)}; een bijstelling naar beneden vraagt kosten die ten minste ${p.thresholdPct}% lager zijn`,
  ),
  ADJUSTMENT_BELOW_FORECAST: entry<{ deltaCents: bigint; maxCents: bigint }>(
    409,
    (p) => `a downward adjustment of ${euros(p.deltaCents)} would take the lump sum below the forecast cost; at most ${euros(p.maxCents)}`,
    (p) => `een bijstelling naar beneden van ${euros(p.deltaCents)} brengt de lumpsum onder de kostenprognose; hoogstens ${euros(p.maxCents)}`,
  ),
  ADJUSTMENT_EXCEEDS_CONTRACT_VALUE: entry<{ year: number; contractCents: bigint; newTotalCents: bigint }>(
    409,
    (p) => `this adjustment takes the lump sums of ${p.year} to ${euros(p.newTotalCents)}, above the contract value ${euros(p.contractCents)}; that needs administrative or contractual approval (seed 003 §3.3.1): give its reference with --approval`,
    (p) => `deze bijstelling brengt de lumpsums van ${p.year} op ${euros(p.newTotalCents)}, boven de opdrachtwaarde ${euros(p.contractCents)}; daarvoor is bestuurlijke of contractuele goedkeuring nodig (seed 003 §3.3.1): geef het kenmerk daarvan bij "Goedkeuring (boven de contractwaarde)" (opdrachtregel: --approval)`,
  ),
  ADJUSTMENT_MONTH_INVALID: entry<{ month: number; instalments: number }>(
    400,
    (p) => `instalment ${p.month} is not one of the year's ${p.instalments} instalments`,
    (p) => `termijn ${p.month} is geen van de ${p.instalments} termijnen van het jaar`,
  ),
  DECISION_DATE_OUTSIDE_YEAR: entry<{ date: string; year: number }>(
    422,
    (p) => `the decision date ${p.date} is not in ${p.year}; an in-year adjustment of ${p.year} is decided in ${p.year}`,
    (p) => `de besluitdatum ${p.date} valt niet in ${p.year}; een bijstelling van ${p.year} wordt in ${p.year} besloten`,
  ),
  DATE_INVALID: entry<{ text: string }>(
    400,
    (p) => `"${p.text}" is not a calendar date; write YYYY-MM-DD, like 2028-03-15`,
    (p) => `"${p.text}" is geen datum; schrijf JJJJ-MM-DD, zoals 2028-03-15`,
  ),
  SPLIT_REASON_MISSING: entry(
    422,
    () => 'a split that deviates from the contributions needs its own reason (--split-reason)',
    () => 'een verdeling die afwijkt van de bijdragen heeft een eigen reden nodig (--split-reason)',
  ),
  SPLIT_NO_DEVIATING: entry(
    422,
    () => 'an explicit split names the deviating municipality or municipalities (--deviating)',
    () => 'een afwijkende verdeling noemt de afwijkende gemeente(n) (--deviating)',
  ),
  SPLIT_NOT_DEVIATING: entry<{ municipality: string }>(
    422,
    (p) => `municipality ${p.municipality} is not marked deviating, so its part follows the contributions; leave it out of --split or add it to --deviating`,
    (p) => `gemeente ${p.municipality} is niet als afwijkend aangemerkt, dus haar deel volgt de bijdragen; laat haar weg uit --split of zet haar bij --deviating`,
  ),
  SPLIT_AMOUNT_MISSING: entry<{ municipality: string }>(
    422,
    (p) => `the deviating municipality ${p.municipality} has no amount in --split`,
    (p) => `de afwijkende gemeente ${p.municipality} heeft geen bedrag in --split`,
  ),
  SPLIT_AMOUNT_INVALID: entry<{ municipality: string; text: string }>(
    422,
    (p) => `the split for ${p.municipality} ("${p.text}") is not a whole number of cents`,
    (p) => `het deel van ${p.municipality} ("${p.text}") is geen heel aantal centen`,
  ),
  SPLIT_SIGN: entry<{ municipality: string; partCents: bigint; deltaCents: bigint }>(
    422,
    (p) => `the part of ${p.municipality} (${euros(p.partCents)}) goes the other way than the adjustment (${euros(p.deltaCents)}); every part has the sign of the whole or is zero`,
    (p) => `het deel van ${p.municipality} (${euros(p.partCents)}) gaat de andere kant op dan de bijstelling (${euros(p.deltaCents)}); elk deel heeft het teken van het geheel of is nul`,
  ),
  SPLIT_DOES_NOT_ADD_UP: entry<{ totalCents: bigint; deltaCents: bigint }>(
    422,
    (p) => `the explicit split adds up to ${euros(p.totalCents)}, not to the adjustment of ${euros(p.deltaCents)}`,
    (p) => `de afwijkende verdeling telt op tot ${euros(p.totalCents)}, niet tot de bijstelling van ${euros(p.deltaCents)}`,
  ),

  // Settlement
  SETTLEMENT_NOT_PAID: entry<{ year: number; paidThrough: number }>(
    409,
    (p) => `${p.year} is paid through month ${p.paidThrough}; a year is settled after all its instalments are paid`,
    (p) => `${p.year} is betaald tot en met maand ${p.paidThrough}; een jaar wordt afgerekend als alle termijnen betaald zijn`,
  ),
  SETTLEMENT_COSTS_INVALID: entry<{ provider?: string; municipality?: string; problem: 'negative' | 'twice' | 'missing'; missing?: readonly string[] }>(
    422,
    (p) =>
      p.problem === 'negative'
        ? `the cost of ${p.provider} for ${p.municipality} is negative`
        : p.problem === 'twice'
          ? `costs for provider ${p.provider} and municipality ${p.municipality} are given twice`
          : `no costs given for provider(s) ${list(p.missing ?? [])}; every provider's 12-month report is needed to settle`,
    (p) =>
      p.problem === 'negative'
        ? `de kosten van ${p.provider} voor ${p.municipality} zijn negatief`
        : p.problem === 'twice'
          ? `kosten voor aanbieder ${p.provider} en gemeente ${p.municipality} staan er twee keer in`
          : `geen kosten voor aanbieder(s) ${list(p.missing ?? [])}; voor de afrekening is de 12-maandsrapportage van elke aanbieder nodig`,
  ),
  THRESHOLD_INVALID: entry<{ text: string }>(
    400,
    (p) => `threshold "${p.text}" is not a percentage like 2 or 2.5`,
    (p) => `drempel "${p.text}" is geen percentage zoals 2 of 2.5`,
  ),
  NOT_SETTLED: entry<{ year: number }>(
    404,
    (p) => `${p.year} is not settled yet; run "jeugdregie settle --year ${p.year} --costs <file>"`,
    (p) => `${p.year} is nog niet afgerekend; stel het eerst vast (Besluiten → Vaststelling, of "jeugdregie settle --year ${p.year} --costs <bestand>")`,
  ),

  // Ledger
  LEDGER_MISMATCH: entry<{ tables: readonly string[] }>(
    409,
    (p) => `the stored figures differ from the ledger in: ${list(p.tables)}; run "jeugdregie ledger rebuild"`,
    (p) => `de opgeslagen cijfers wijken af van het besluitenlogboek in: ${list(p.tables)}; voer "jeugdregie ledger rebuild" uit`,
  ),
  RULES_VERSION_UNKNOWN: entry<{ seq: number; version: string }>(
    409,
    (p) => `ledger entry #${p.seq} was decided under rules version ${p.version}, which this database does not hold; restore the region configuration it was decided under`,
    (p) => `besluit #${p.seq} is genomen onder regelversie ${p.version}, die deze database niet kent; herstel de regioconfiguratie waaronder het genomen is`,
  ),
  EXPLAIN_NEEDS_MUNICIPALITY: entry(
    400,
    () => 'a payment is explained per municipality: add --municipality (API: municipality=)',
    () => 'een betaling wordt per gemeente toegelicht: voeg --municipality toe (API: municipality=)',
  ),
} as const;
