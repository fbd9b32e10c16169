// The council report's content [issue 13 "The council report"; DOMAIN.md §5 "Councils receive the
// results, key figures and financial progress half-yearly"]: for one municipality and one half year,
// its figures beside those of the rest of the region — money, reach and flows, waiting times,
// timeliness — as sections of figures, each a chart, the table behind it and a short Dutch
// explanation of what is counted. Pure: the figures come in as a council sees them (read by
// src/app/council-report.ts through the council's use cases, so protected), the renderers
// (src/app/reports/) write this model out as HTML and PDF.
import { OTHER_THEMES } from '../access/scope.ts';
import { formatEuros } from '../money.ts';
import type { Period } from '../reach-figures.ts';
import type { CareForm, Municipality, Theme } from '../region.ts';
import { stopReasonLabel } from '../stop-reasons.ts';
import { dutchDate, dutchMonth, type HalfYear } from './half-year.ts';
import type { MarkdownBlock } from './markdown.ts';

/** The label of the other municipalities together in a council's figures (scope.ts REST). */
const REST = 'REST';
/** How a hidden figure reads. */
export const HIDDEN = 'afgeschermd';

type Group = Readonly<Partial<Record<string, string>>>;
type Count = number | null;

/** A reach row as a council sees it (src/app/monitor-views.ts ViewReachRow). */
export interface ReachFigure {
  readonly group: Group;
  readonly uniqueYouth: Count;
  readonly starts: Count;
  readonly stops: Count;
  readonly stopsByReason: Readonly<Record<string, Count>>;
  readonly inCareEnd: Count;
}
export type WaitFigure = { readonly count: number; readonly median: number | null; readonly p80: number | null } | null;
export interface WaitingFigure {
  readonly group: Group;
  readonly requestToAssignment: WaitFigure;
  readonly assignmentToStart: WaitFigure;
}
export interface TimelinessFigure {
  readonly municipality?: string | undefined;
  readonly requests: Count;
  readonly retroactiveRequests: Count;
  readonly retroactiveDaysBackMedian: number | null;
  readonly startMessages: Count;
  readonly lateStartMessages: Count;
  readonly stopMessages: Count;
  readonly lateStopMessages: Count;
  readonly assignmentsWithoutStart: Count;
}
/** Money adopted in public (src/app/money-views.ts); null where the year has none yet. */
export interface MoneyFigures {
  readonly year: number;
  readonly budget: readonly { readonly municipality: string; readonly amountCents: bigint }[] | null;
  readonly lumpSums: readonly { readonly provider: string; readonly theme: string; readonly municipality: string; readonly amountCents: bigint }[] | null;
  readonly payments: readonly { readonly municipality: string; readonly month: string; readonly amountCents: bigint; readonly paid: boolean }[] | null;
}

export interface CouncilReportInput {
  readonly region: { readonly name: string; readonly municipalities: readonly Municipality[]; readonly themes: readonly Theme[]; readonly careForms: readonly CareForm[] };
  readonly municipality: string;
  readonly half: HalfYear;
  /** The latest Dagtekening of an accepted message, and the part of the half year the figures cover. */
  readonly dataUpTo: string;
  readonly period: Period;
  readonly assignmentStartDeadlineDays: number;
  readonly money: MoneyFigures;
  readonly reach: { readonly total: readonly ReachFigure[]; readonly theme: readonly ReachFigure[]; readonly careForm: readonly ReachFigure[] };
  readonly waiting: { readonly total: readonly WaitingFigure[]; readonly theme: readonly WaitingFigure[]; readonly careForm: readonly WaitingFigure[] };
  readonly timeliness: readonly TimelinessFigure[];
  /** The college's own comment, read as Markdown (markdown.ts); none: the report says so. */
  readonly comment: readonly MarkdownBlock[] | null;
}

/**
 * A table cell: its text, and for a figure of the monitor or the money its key and value (written
 * into the HTML as data attributes, so the report can be checked against the API).
 */
export interface Cell {
  readonly text: string;
  readonly key?: string;
  readonly value?: number | string | null;
}
export interface ReportTable {
  readonly caption: string;
  readonly head: readonly string[];
  /** Per column: numbers are aligned to the right. */
  readonly numeric: readonly boolean[];
  readonly rows: readonly (readonly Cell[])[];
}
/** A bar's value: a number, a hidden figure (labelled "afgeschermd"), or none (nothing to show). */
export type ChartValue = number | 'hidden' | 'none';
export interface ReportChart {
  readonly kind: 'bar' | 'stacked-bar';
  readonly title: string;
  /** What the values are in, shown at the value axis ("aantal", "%", "dagen", "€ mln"). */
  readonly unit: string;
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly ChartValue[] }[];
}
export interface ReportFigure {
  readonly id: string;
  readonly title: string;
  readonly chart: ReportChart | null;
  /** Why a figure has no chart, when it could have had one. */
  readonly note?: string;
  readonly table: ReportTable;
  /** What is counted, over which period, from which source (Dutch). */
  readonly definition: string;
}
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  readonly intro: readonly string[];
  readonly figures: readonly ReportFigure[];
}
export interface CouncilReport {
  readonly title: string;
  readonly subtitle: string;
  /** The title page block: label → value. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly sections: readonly ReportSection[];
  readonly comment: { readonly title: string; readonly blocks: readonly MarkdownBlock[] | null; readonly empty: string };
  /** The day the report's content is as of (the data's last day): its document date, never the wall clock. */
  readonly asOf: string;
  readonly footer: string;
  readonly municipality: { readonly code: string; readonly name: string };
  readonly half: string;
}

// ---------------------------------------------------------------------------------------------
// Numbers in Dutch

const thousands = (n: number) => String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
/** "1.234"; a hidden count reads "afgeschermd". */
export function countText(n: Count | undefined): string {
  if (n === null) return HIDDEN;
  const v = n ?? 0;
  return `${v < 0 ? '-' : ''}${thousands(v)}`;
}
/** "12,5" (one decimal at most). */
export function decimalText(n: number): string {
  const r = Math.round(n * 10) / 10;
  const [whole, dec] = Math.abs(r).toFixed(1).split('.') as [string, string];
  return `${r < 0 ? '-' : ''}${thousands(Number(whole))}${dec === '0' ? '' : `,${dec}`}`;
}
/** A share in percent with one decimal, or null when a part is hidden or the whole is zero. */
export function share(part: Count | undefined, whole: Count | undefined): number | null {
  if (part === null || whole === null || part === undefined || whole === undefined || whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}
/** A share as a bar: hidden when a part is hidden, none when there is no whole. */
function chartShare(part: Count | undefined, whole: Count | undefined): ChartValue {
  if (part === null || whole === null) return 'hidden';
  if (whole === undefined || whole === 0) return 'none';
  return share(part ?? 0, whole) ?? 'none';
}
/** A count as a bar (no row: zero). */
const chartCount = (n: Count | undefined): ChartValue => (n === null ? 'hidden' : (n ?? 0));
const pctText = (p: number | null, hidden: boolean) => (p === null ? (hidden ? HIDDEN : '–') : `${decimalText(p)}%`);
/** A derived share as a cell (no key: it is worked out from the counts beside it); hidden reads "afgeschermd". */
const pctCell = (p: number | null, hidden: boolean): Cell => (p === null && hidden ? { text: HIDDEN, value: null } : { text: pctText(p, hidden) });
const daysText = (d: number | null | undefined, hidden: boolean) => (d === null || d === undefined ? (hidden ? HIDDEN : '–') : decimalText(d));
/** Euros in whole euros ("€ 1.234.568"), rounded half up from cents. */
export function eurosText(cents: bigint): string {
  const rounded = cents >= 0n ? (cents + 50n) / 100n : -((-cents + 50n) / 100n);
  return formatEuros(rounded * 100n).replace(/,00$/, '');
}
/** Cents → millions of euros with two decimals, for a chart's bars. */
const millions = (cents: bigint) => Number(cents / 1_000_000n) / 100;

// ---------------------------------------------------------------------------------------------
// Names

/** The region's names of themes and care forms, and the order they are listed in. */
class Names {
  constructor(private readonly region: CouncilReportInput['region']) {}
  municipality(code: string): string {
    return this.region.municipalities.find((m) => m.code === code)?.name ?? code;
  }
  /** "B Creëren/stabiliseren van een thuissituatie"; a provider in several themes: "A + B". */
  theme(code: string, short = false): string {
    if (code === 'unassigned') return short ? 'Geen thema' : 'Geen thema (aanbieder zonder toegewezen thema)';
    if (code === OTHER_THEMES) return short ? "Overige thema's" : "Overige thema's en combinaties (samengenomen: elk van minder dan 3 aanbieders)";
    return code
      .split('+')
      .map((c) => {
        const t = this.region.themes.find((x) => x.code === c);
        return short || !t ? `Thema ${c}` : `${c} ${t.name}`;
      })
      .join(' + ');
  }
  careForm(category: string, short = false): string {
    const f = this.region.careForms.find((x) => x.category === category);
    if (!f) return `Productcategorie ${category}`;
    return short ? f.name.replace(/^(Zonder|Met) verblijf:\s*/, '') : f.name;
  }
  /** Values in the region's order, then any others in code order. */
  order(values: Iterable<string>, configured: readonly string[]): string[] {
    const all = [...new Set(values)];
    const known = configured.filter((c) => all.includes(c));
    return [...known, ...all.filter((v) => !configured.includes(v)).sort()];
  }
  themeOrder(values: Iterable<string>): string[] {
    return this.order(values, this.region.themes.map((t) => t.code));
  }
  careFormOrder(values: Iterable<string>): string[] {
    return this.order(values, this.region.careForms.map((f) => f.category));
  }
}

// ---------------------------------------------------------------------------------------------
// The report

/** Builds the report's content from a council's figures. */
export function buildCouncilReport(input: CouncilReportInput): CouncilReport {
  const names = new Names(input.region);
  const own = input.municipality;
  const ownName = names.municipality(own);
  const periodText = `${dutchDate(input.period.from)} t/m ${dutchDate(input.period.to)}`;
  const cutShort = input.period.to < input.half.period.to;
  const source = `Bron: de iJw-berichten tussen de gemeenten en de jeugdhulpaanbieders (berichtenverkeer jeugd), ontvangen tot en met ${dutchDate(input.dataUpTo)}.`;
  const ctx: Ctx = { input, names, own, ownName, periodText, source };
  const sections = [aboutSection(ctx, cutShort), moneySection(ctx), reachSection(ctx), waitingSection(ctx), timelinessSection(ctx)].map((s) => ({ ...s, figures: s.figures.map(withoutEmptyChart) }));
  return {
    title: `Raadsrapportage jeugdhulp ${ownName}`,
    subtitle: `${capitalise(input.half.name)} · jeugdhulpregio ${input.region.name}`,
    facts: [
      { label: 'Gemeente', value: `${ownName} (${own})` },
      { label: 'Halfjaar', value: `${input.half.name} (${dutchDate(input.half.period.from)} t/m ${dutchDate(input.half.period.to)})` },
      { label: 'Regio', value: `Jeugdhulpregio ${input.region.name} (${input.region.municipalities.length} gemeenten)` },
      { label: 'Gegevens tot en met', value: dutchDate(input.dataUpTo) + (cutShort ? ' — het halfjaar is nog niet voorbij of niet compleet: de cijfers gaan tot die dag' : '') },
      { label: 'Vergelijking', value: `${ownName} naast de rest van de regio (de andere ${input.region.municipalities.length - 1} gemeenten samen)` },
    ],
    sections,
    comment: {
      title: 'Toelichting van het college',
      blocks: input.comment,
      empty: 'Het college heeft bij deze rapportage geen eigen toelichting gegeven.',
    },
    asOf: input.dataUpTo,
    footer: `Raadsrapportage jeugdhulp ${ownName} · ${input.half.name} · gegevens t/m ${dutchDate(input.dataUpTo)}`,
    municipality: { code: own, name: ownName },
    half: input.half.code,
  };
}

/** A chart with no bar to draw (every value hidden or none) is left out, and the figure says why. */
function withoutEmptyChart(f: ReportFigure): ReportFigure {
  if (f.chart === null || f.chart.series.some((x) => x.values.some((v) => typeof v === 'number'))) return f;
  return { ...f, chart: null, note: `Geen grafiek: alle cijfers van deze figuur zijn ${HIDDEN} of niet van toepassing; zie de tabel.` };
}

interface Ctx {
  readonly input: CouncilReportInput;
  readonly names: Names;
  readonly own: string;
  readonly ownName: string;
  readonly periodText: string;
  readonly source: string;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const restName = 'Rest van de regio';

function aboutSection(ctx: Ctx, cutShort: boolean): ReportSection {
  const { input, ownName } = ctx;
  return {
    id: 'over',
    title: 'Over deze rapportage',
    intro: [
      `Deze rapportage geeft de raad van ${ownName} de resultaten, kerncijfers en financiële voortgang van de specialistische jeugdhulp (aanvullende jeugdhulp, AJH) over het ${input.half.name}, zoals de gemeenten van jeugdhulpregio ${input.region.name} die samen inkopen en volgen. Ze volgt de sturingselementen van de regio: het budget en de lumpsums, de cliëntaantallen en -stromen met de wachttijden, en de tijdigheid van de informatie.`,
      `De cijfers over jeugdigen komen uit het berichtenverkeer jeugd (iJw): de verzoeken om toewijzing (JW315), toewijzingen (JW301), start- en stopberichten (JW305, JW307) die gemeenten en aanbieders elkaar sturen. Ze gaan over ${ctx.periodText}${cutShort ? ` (het deel van het halfjaar waarover berichten zijn ontvangen)` : ''}. Berichten kunnen later binnenkomen dan de zorg loopt; latere berichten kunnen de cijfers van dit halfjaar nog veranderen.`,
      `De cijfers van ${ownName} staan steeds naast die van de rest van de regio: de andere gemeenten samen, nooit één andere gemeente apart. Het geld (begroting, bijdragen, lumpsums en betalingen) is per gemeente openbaar en staat er ook voor de hele regio.`,
      `"${HIDDEN}" betekent dat een cijfer niet getoond wordt omdat het zou kunnen gaan om 1 tot 4 jeugdigen, of omdat het uit andere getoonde cijfers terug te rekenen zou zijn tot zo'n klein aantal. Zo zijn individuele kinderen en gezinnen niet te herkennen, ook niet door cijfers van elkaar af te trekken. Een afgeschermd cijfer is dus niet onbekend, maar bewust weggelaten; bijna altijd is het geen nul (een nul wordt alleen weggelaten als een klein aantal ernaast anders terug te rekenen is). De cijfers zijn dezelfde als die een raadslid in Jeugdregie ziet.`,
    ],
    figures: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Money (steering element 1)

function moneySection(ctx: Ctx): ReportSection {
  const { input, names, own, ownName } = ctx;
  const m = input.money;
  const year = m.year;
  const figures: ReportFigure[] = [];
  const moneyCell = (cents: bigint | undefined, key: string): Cell => (cents === undefined ? { text: '–' } : { text: eurosText(cents), key, value: cents.toString() });
  if (m.budget !== null) {
    const ownBudget = m.budget.find((b) => b.municipality === own)?.amountCents;
    const total = m.budget.reduce((s, b) => s + b.amountCents, 0n);
    const contribution = m.lumpSums?.filter((r) => r.municipality === own).reduce((s, r) => s + r.amountCents, 0n);
    const lumpTotal = m.lumpSums?.reduce((s, r) => s + r.amountCents, 0n);
    const rows: Cell[][] = [
      [{ text: `Begroting AJH ${year}` }, moneyCell(ownBudget, `money.budget.${own}`), moneyCell(total, 'money.budget.region'), { text: ownBudget !== undefined && total > 0n ? `${decimalText(Number((ownBudget * 1000n) / total) / 10)}%` : '–' }],
      [
        { text: `Bijdrage aan de lumpsums ${year}` },
        moneyCell(contribution, `money.contribution.${own}`),
        moneyCell(lumpTotal, 'money.lumpsums.region'),
        { text: contribution !== undefined && lumpTotal !== undefined && lumpTotal > 0n ? `${decimalText(Number((contribution * 1000n) / lumpTotal) / 10)}%` : '–' },
      ],
    ];
    figures.push({
      id: 'geld-budget',
      title: `Begroting en bijdrage ${year}`,
      chart: null,
      table: { caption: `Begroting en bijdrage aan de lumpsums, ${year}`, head: ['', ownName, 'Regio totaal', `Aandeel ${ownName}`], numeric: [false, true, true, true], rows },
      definition: `De begroting is het budget voor aanvullende jeugdhulp dat de raad voor ${year} vaststelde (inclusief indexatie volgens de regionale afspraken). De lumpsums zijn de jaarbedragen die de regio aan de aanbieders toekent; elke lumpsum is de som van de bijdragen van de gemeenten, en elke gemeente betaalt voor haar eigen inwoners. "Regio totaal" is de som over alle ${input.region.municipalities.length} gemeenten. Bron: de besluiten in het grootboek van Jeugdregie (begroting, toekenning en eventuele aanpassingen), niet de iJw-berichten.`,
    });
  }
  if (m.lumpSums !== null) {
    const themes = names.themeOrder(m.lumpSums.map((r) => r.theme));
    const ownBy = (t: string) => m.lumpSums!.filter((r) => r.theme === t && r.municipality === own).reduce((s, r) => s + r.amountCents, 0n);
    const allBy = (t: string) => m.lumpSums!.filter((r) => r.theme === t).reduce((s, r) => s + r.amountCents, 0n);
    const providers = (t: string) => new Set(m.lumpSums!.filter((r) => r.theme === t).map((r) => r.provider)).size;
    figures.push({
      id: 'geld-themas',
      title: `Bijdrage van ${ownName} per thema, ${year}`,
      chart: { kind: 'bar', title: `Bijdrage van ${ownName} per thema (€ mln)`, unit: '€ mln', categories: themes.map((t) => names.theme(t, true)), series: [{ name: ownName, values: themes.map((t) => millions(ownBy(t))) }] },
      table: {
        caption: `Lumpsums per thema, ${year}`,
        head: ['Thema', 'Aanbieders', `Bijdrage ${ownName}`, 'Lumpsums regio', `Aandeel ${ownName}`],
        numeric: [false, true, true, true, true],
        rows: themes.map((t) => {
          const o = ownBy(t);
          const a = allBy(t);
          return [{ text: names.theme(t) }, { text: countText(providers(t)) }, moneyCell(o, `money.contribution.${own}.${t}`), moneyCell(a, `money.lumpsums.region.${t}`), { text: a > 0n ? `${decimalText(Number((o * 1000n) / a) / 10)}%` : '–' }];
        }),
      },
      definition: `Per thema de lumpsums van de aanbieders die in dat thema werken, en het deel daarvan dat ${ownName} bijdraagt. Een aanbieder die in meer thema's werkt, staat onder die thema's samen. Bedragen in hele euro's, afgerond.`,
    });
  }
  if (m.payments !== null) {
    const months = [...new Set(m.payments.map((p) => p.month))].filter((mo) => mo >= input.half.period.from.slice(0, 7) && mo <= input.half.period.to.slice(0, 7)).sort();
    const sumOf = (filter: (p: MoneyFigures['payments'] extends readonly (infer P)[] | null ? P : never) => boolean) => m.payments!.filter(filter).reduce((s, p) => s + p.amountCents, 0n);
    const rows: Cell[][] = months.map((mo) => [
      { text: capitalise(dutchMonth(mo)) },
      moneyCell(sumOf((p) => p.month === mo && p.municipality === own), `money.scheduled.${own}.${mo}`),
      moneyCell(sumOf((p) => p.month === mo && p.municipality === own && p.paid), `money.paid.${own}.${mo}`),
      moneyCell(sumOf((p) => p.month === mo), `money.scheduled.region.${mo}`),
      moneyCell(sumOf((p) => p.month === mo && p.paid), `money.paid.region.${mo}`),
    ]);
    const inHalf = (p: { month: string }) => months.includes(p.month);
    rows.push([
      { text: 'Halfjaar totaal' },
      moneyCell(sumOf((p) => inHalf(p) && p.municipality === own), `money.scheduled.${own}`),
      moneyCell(sumOf((p) => inHalf(p) && p.municipality === own && p.paid), `money.paid.${own}`),
      moneyCell(sumOf(inHalf), 'money.scheduled.region'),
      moneyCell(sumOf((p) => inHalf(p) && p.paid), 'money.paid.region'),
    ]);
    figures.push({
      id: 'geld-betalingen',
      title: `Betalingen in het ${input.half.name}`,
      chart: {
        kind: 'stacked-bar',
        title: `Betalingen van ${ownName} per maand (€ mln)`,
        unit: '€ mln',
        categories: months.map((mo) => dutchMonth(mo).slice(0, 3)),
        series: [
          { name: 'Betaald', values: months.map((mo) => millions(sumOf((p) => p.month === mo && p.municipality === own && p.paid))) },
          { name: 'Nog te betalen', values: months.map((mo) => millions(sumOf((p) => p.month === mo && p.municipality === own && !p.paid))) },
        ],
      },
      table: { caption: `Betalingen per maand, ${input.half.name}`, head: ['Maand', `${ownName}: gepland`, `${ownName}: betaald`, 'Regio: gepland', 'Regio: betaald'], numeric: [false, true, true, true, true], rows },
      definition: `De lumpsums worden in maandelijkse termijnen van 1/12 betaald; elke gemeente betaalt haar eigen deel. "Gepland" is het betalingsschema van de maanden van dit halfjaar, "betaald" wat daarvan in een vastgelegde betaalrun is betaald. Bron: het grootboek van Jeugdregie.`,
    });
  }
  const intro =
    m.lumpSums === null
      ? [`Voor ${year} zijn nog geen lumpsums toegekend; er zijn daarom nog geen bijdragen en betalingen te tonen.`]
      : [`Het geld voor jeugdhulp is openbaar: de raad stelt de begroting vast, de regio kent de lumpsums toe en betaalt ze per maand. De bedragen gelden voor het hele jaar ${year}; de betalingen voor de maanden van dit halfjaar.`];
  if (m.budget === null) intro.push(`Voor ${year} is geen begroting bekend.`);
  return { id: 'geld', title: 'Geld: begroting, lumpsums en betalingen', intro, figures };
}

// ---------------------------------------------------------------------------------------------
// Reach and flows (steering element 3)

const isOwn = (own: string) => (r: { group: Group }) => r.group.municipality === own;
const isRest = (r: { group: Group }) => r.group.municipality === REST;

function reachCells(r: ReachFigure | undefined, key: string): Cell[] {
  const cell = (v: Count | undefined, k: string): Cell => ({ text: countText(v), key: `${key}.${k}`, value: v === undefined ? 0 : v });
  return [cell(r?.uniqueYouth, 'uniqueYouth'), cell(r?.starts, 'starts'), cell(r?.stops, 'stops'), cell(r?.inCareEnd, 'inCareEnd')];
}

function reachSection(ctx: Ctx): ReportSection {
  const { input, names, own, ownName, periodText, source } = ctx;
  const end = dutchDate(input.period.to);
  const ownTotal = input.reach.total.find(isOwn(own));
  const restTotal = input.reach.total.find(isRest);
  const head = ['', 'Jeugdigen', 'Gestart', 'Gestopt', `In zorg op ${end}`];
  const numeric = [false, true, true, true, true];
  const countDefinition = `Jeugdigen: het aantal verschillende jeugdigen met op ten minste één dag in de periode specialistische jeugdhulp, geteld bij de gemeente die de hulp toewees (woonplaatsbeginsel). Gestart en gestopt: trajecten (één jeugdige bij één aanbieder in één zorgvorm) met hun begindatum of einddatum in de periode, volgens de start- en stopberichten. In zorg: jeugdigen met een lopend traject op ${end}. Periode: ${periodText}. ${source}`;
  const figures: ReportFigure[] = [
    {
      id: 'bereik-totaal',
      title: 'Bereik, instroom en uitstroom',
      chart: {
        kind: 'bar',
        title: `${ownName}: jeugdigen, starts en stops`,
        unit: 'aantal',
        categories: ['Jeugdigen', 'Gestart', 'Gestopt', 'In zorg einde'],
        series: [{ name: ownName, values: [chartCount(ownTotal?.uniqueYouth), chartCount(ownTotal?.starts), chartCount(ownTotal?.stops), chartCount(ownTotal?.inCareEnd)] }],
      },
      table: { caption: `Bereik en stromen, ${periodText}`, head, numeric, rows: [[{ text: ownName }, ...reachCells(ownTotal, `reach.total.${own}`)], [{ text: restName }, ...reachCells(restTotal, 'reach.total.REST')]] },
      definition: countDefinition,
    },
  ];
  for (const [dim, label, key] of [
    ['theme', 'thema', 'theme'],
    ['care_form', 'zorgvorm', 'care_form'],
  ] as const) {
    const rows = dim === 'theme' ? input.reach.theme : input.reach.careForm;
    const values = rows.map((r) => r.group[dim] ?? '');
    const order = dim === 'theme' ? names.themeOrder(values) : names.careFormOrder(values);
    const nameOf = (v: string, short = false) => (dim === 'theme' ? names.theme(v, short) : names.careForm(v, short));
    const pick = (who: (r: { group: Group }) => boolean, v: string) => rows.find((r) => who(r) && r.group[dim] === v);
    const perHundred = (r: ReachFigure | undefined, total: ReachFigure | undefined) => chartShare(r === undefined ? 0 : r.uniqueYouth, total?.uniqueYouth);
    figures.push({
      id: `bereik-${key}`,
      title: `Jeugdigen per ${label}`,
      chart: {
        kind: 'bar',
        title: `Jeugdigen per ${label} (% van alle jeugdigen met jeugdhulp)`,
        unit: '%',
        categories: order.map((v) => nameOf(v, true)),
        series: [
          { name: ownName, values: order.map((v) => perHundred(pick(isOwn(own), v), ownTotal)) },
          { name: restName, values: order.map((v) => perHundred(pick(isRest, v), restTotal)) },
        ],
      },
      table: {
        caption: `Jeugdigen, starts en stops per ${label}, ${periodText}`,
        head: [capitalise(label), `${ownName}: jeugdigen`, 'gestart', 'gestopt', `${restName}: jeugdigen`, 'gestart', 'gestopt'],
        numeric: [false, true, true, true, true, true, true],
        rows: order.map((v) => {
          const o = pick(isOwn(own), v);
          const r = pick(isRest, v);
          return [{ text: nameOf(v) }, ...reachCells(o, `reach.${key}.${own}.${v}`).slice(0, 3), ...reachCells(r, `reach.${key}.REST.${v}`).slice(0, 3)];
        }),
      },
      definition:
        dim === 'theme'
          ? `Het thema is dat van de aanbieder die de hulp geeft (volgens de toekenning van de lumpsums); een aanbieder in meer thema's telt onder die thema's samen. Een jeugdige met hulp van aanbieders in verschillende thema's telt in elk daarvan, dus de thema's tellen op tot meer dan het totaal. Het percentage in de grafiek is het aandeel van alle jeugdigen van de gemeente (of van de rest van de regio). ${countDefinition}`
          : `De zorgvorm is de productcategorie van de toewijzing (iJw-codelijst JZ020, 32 t/m 38, gelijk aan de hulpvormen van de Beleidsinformatie Jeugd van het CBS). Een jeugdige met meer zorgvormen telt in elk daarvan. Het percentage in de grafiek is het aandeel van alle jeugdigen van de gemeente (of van de rest van de regio). ${countDefinition}`,
    });
  }
  // Stops per reason
  const reasons = [...new Set([...Object.keys(ownTotal?.stopsByReason ?? {}), ...Object.keys(restTotal?.stopsByReason ?? {})])].sort();
  const reasonCell = (r: ReachFigure | undefined, code: string, key: string): Cell => {
    const v = reasonOf(r, code);
    return { text: countText(v), key: `${key}.${code}`, value: v };
  };
  figures.push({
    id: 'bereik-stopredenen',
    title: 'Gestopte trajecten naar reden',
    chart: {
      kind: 'bar',
      title: 'Gestopte trajecten naar reden (% van de stops)',
      unit: '%',
      categories: reasons.map((c) => stopReasonLabel(c)),
      series: [
        { name: ownName, values: reasons.map((c) => chartShare(reasonOf(ownTotal, c), ownTotal?.stops)) },
        { name: restName, values: reasons.map((c) => chartShare(reasonOf(restTotal, c), restTotal?.stops)) },
      ],
    },
    table: {
      caption: `Gestopte trajecten naar reden, ${periodText}`,
      head: ['Reden (JZ588)', ownName, '%', restName, '%'],
      numeric: [false, true, true, true, true],
      rows: reasons.map((c) => {
        const o = reasonOf(ownTotal, c);
        const r = reasonOf(restTotal, c);
        return [
          { text: `${c === '' ? '–' : c} ${stopReasonLabel(c)}` },
          reasonCell(ownTotal, c, `reach.stops.${own}`),
          pctCell(share(o, ownTotal?.stops), o === null || ownTotal?.stops === null),
          reasonCell(restTotal, c, 'reach.stops.REST'),
          pctCell(share(r, restTotal?.stops), r === null || restTotal?.stops === null),
        ];
      }),
    },
    definition: `De reden die de aanbieder in het stopbericht (JW307) opgeeft, volgens iJw-codelijst JZ588. "Volgens plan" is de afronding zoals afgesproken; "voortijdig" betekent dat de hulp eerder stopte dan gepland. Het percentage is het aandeel van alle gestopte trajecten in de periode. Periode: ${periodText}. ${source}`,
  });
  return {
    id: 'bereik',
    title: 'Bereik en stromen: cliëntaantallen',
    intro: [`Hoeveel jeugdigen specialistische jeugdhulp kregen, hoeveel trajecten begonnen en stopten, en waarom ze stopten — voor ${ownName} en voor de rest van de regio, ook per thema en per zorgvorm.`],
    figures,
  };
}

/** The stops of a row for a reason: hidden (null), or 0 when the row or the reason is not there. */
const reasonOf = (r: ReachFigure | undefined, code: string): Count => (r === undefined || !(code in r.stopsByReason) ? 0 : r.stopsByReason[code]!);

// ---------------------------------------------------------------------------------------------
// Waiting times (steering element 3: client flows)

function waitCells(w: WaitFigure | undefined, key: string): Cell[] {
  if (w === undefined) return [{ text: '0', key: `${key}.count`, value: 0 }, { text: '–' }, { text: '–' }];
  if (w === null) return [{ text: HIDDEN, key: `${key}.count`, value: null }, { text: HIDDEN, key: `${key}.median`, value: null }, { text: HIDDEN, key: `${key}.p80`, value: null }];
  // a statistic over fewer than 5 waits is not shown; over none there is none
  return [
    { text: countText(w.count), key: `${key}.count`, value: w.count },
    { text: daysText(w.median, w.count > 0), key: `${key}.median`, value: w.median },
    { text: daysText(w.p80, w.count > 0), key: `${key}.p80`, value: w.p80 },
  ];
}

function waitingSection(ctx: Ctx): ReportSection {
  const { input, names, own, ownName, periodText, source } = ctx;
  const ownTotal = input.waiting.total.find(isOwn(own));
  const restTotal = input.waiting.total.find(isRest);
  const measures = [
    ['requestToAssignment', 'Verzoek tot toewijzing'],
    ['assignmentToStart', 'Toewijzing tot start'],
  ] as const;
  const definition = `Wachttijd in kalenderdagen. Verzoek tot toewijzing: van de dagtekening van het verzoek om toewijzing van de aanbieder (JW315) tot de dag waarop de gemeente de toewijzing (JW301) gaf; geteld in de periode waarin de toewijzing viel. Toewijzing tot start: van de ingangsdatum van de toewijzing tot de begindatum van de zorg (JW305); geteld in de periode waarin de zorg begon. De mediaan is de wachttijd waarbinnen de helft van de jeugdigen geholpen was, het 80e percentiel die waarbinnen 80%. Een mediaan of percentiel over minder dan 5 wachttijden wordt niet getoond; het langste wachten ook niet (dat is één jeugdige). Periode: ${periodText}. ${source}`;
  const stat = (w: WaitFigure | undefined, k: 'median' | 'p80') => (w === undefined || w === null ? null : w[k]);
  /** A statistic as a bar: hidden when the group or its statistic is hidden (fewer than 5 waits), none without waits. */
  const statBar = (w: WaitFigure | undefined, k: 'median' | 'p80'): ChartValue => (w === undefined ? 'none' : w === null ? 'hidden' : w[k] ?? (w.count === 0 ? 'none' : 'hidden'));
  const figures: ReportFigure[] = [
    {
      id: 'wachttijden-totaal',
      title: 'Wachttijden',
      chart: {
        kind: 'bar',
        title: 'Wachttijden in dagen (mediaan en 80e percentiel)',
        unit: 'dagen',
        categories: measures.flatMap(([, l]) => [`${l}: mediaan`, `${l}: 80%`]),
        series: [
          { name: ownName, values: measures.flatMap(([k]) => [statBar(ownTotal?.[k], 'median'), statBar(ownTotal?.[k], 'p80')]) },
          { name: restName, values: measures.flatMap(([k]) => [statBar(restTotal?.[k], 'median'), statBar(restTotal?.[k], 'p80')]) },
        ],
      },
      table: {
        caption: `Wachttijden in dagen, ${periodText}`,
        head: ['', ...measures.flatMap(([, l]) => [`${l}: aantal`, 'mediaan', '80%'])],
        numeric: [false, true, true, true, true, true, true],
        rows: [
          [{ text: ownName }, ...measures.flatMap(([k]) => waitCells(ownTotal?.[k], `waiting.total.${own}.${k}`))],
          [{ text: restName }, ...measures.flatMap(([k]) => waitCells(restTotal?.[k], `waiting.total.REST.${k}`))],
        ],
      },
      definition,
    },
  ];
  for (const [dim, label, key] of [
    ['theme', 'thema', 'theme'],
    ['care_form', 'zorgvorm', 'care_form'],
  ] as const) {
    const rows = dim === 'theme' ? input.waiting.theme : input.waiting.careForm;
    const values = rows.map((r) => r.group[dim] ?? '');
    const order = dim === 'theme' ? names.themeOrder(values) : names.careFormOrder(values);
    const nameOf = (v: string, short = false) => (dim === 'theme' ? names.theme(v, short) : names.careForm(v, short));
    const pick = (who: (r: { group: Group }) => boolean, v: string) => rows.find((r) => who(r) && r.group[dim] === v);
    figures.push({
      id: `wachttijden-${key}`,
      title: `Wachttijd tot de start per ${label}`,
      chart: {
        kind: 'bar',
        title: `Wachttijd van toewijzing tot start per ${label}: mediaan in dagen`,
        unit: 'dagen',
        categories: order.map((v) => nameOf(v, true)),
        series: [
          { name: ownName, values: order.map((v) => statBar(pick(isOwn(own), v)?.assignmentToStart, 'median')) },
          { name: restName, values: order.map((v) => statBar(pick(isRest, v)?.assignmentToStart, 'median')) },
        ],
      },
      table: {
        caption: `Wachttijden in dagen per ${label}, ${periodText}`,
        head: [capitalise(label), `${ownName}: verzoek tot toewijzing (mediaan)`, 'toewijzing tot start: aantal', 'mediaan', '80%', `${restName}: toewijzing tot start: aantal`, 'mediaan', '80%'],
        numeric: [false, true, true, true, true, true, true, true],
        rows: order.map((v) => {
          const o = pick(isOwn(own), v);
          const r = pick(isRest, v);
          const oReq = o?.requestToAssignment;
          return [
            { text: nameOf(v) },
            { text: oReq === null ? HIDDEN : daysText(stat(oReq, 'median'), oReq !== undefined && oReq.count > 0), key: `waiting.${key}.${own}.${v}.requestToAssignment.median`, value: stat(oReq, 'median') },
            ...waitCells(o?.assignmentToStart, `waiting.${key}.${own}.${v}.assignmentToStart`),
            ...waitCells(r?.assignmentToStart, `waiting.${key}.REST.${v}.assignmentToStart`),
          ];
        }),
      },
      definition: `Per ${label} ${dim === 'theme' ? '(het thema van de aanbieder)' : '(de productcategorie van de toewijzing)'}. ${definition}`,
    });
  }
  return {
    id: 'wachttijden',
    title: 'Wachttijden',
    intro: [`Hoe lang jeugdigen wachtten: eerst op de toewijzing door de gemeente, daarna op de start van de hulp bij de aanbieder.`],
    figures,
  };
}

// ---------------------------------------------------------------------------------------------
// Timeliness (steering element 2)

function timelinessSection(ctx: Ctx): ReportSection {
  const { input, own, ownName, periodText, source } = ctx;
  const o = input.timeliness.find((r) => r.municipality === own);
  const r = input.timeliness.find((x) => x.municipality === REST);
  const lines = [
    ['retro', 'Verzoeken met terugwerkende kracht', 'retroactiveRequests', 'requests'],
    ['lateStarts', 'Te late startberichten', 'lateStartMessages', 'startMessages'],
    ['lateStops', 'Te late stopberichten', 'lateStopMessages', 'stopMessages'],
  ] as const;
  /** A count of a row (no row: zero). */
  const valueOf = (t: TimelinessFigure | undefined, k: (typeof lines)[number][2 | 3] | 'assignmentsWithoutStart'): Count => (t === undefined ? 0 : t[k]);
  const cell = (t: TimelinessFigure | undefined, k: (typeof lines)[number][2 | 3] | 'assignmentsWithoutStart', who: string): Cell => {
    const v = valueOf(t, k);
    return { text: countText(v), key: `timeliness.${who}.${k}`, value: v };
  };
  const rows: Cell[][] = lines.map(([, label, part, whole]) => [
    { text: label },
    cell(o, part, own),
    cell(o, whole, own),
    pctCell(share(valueOf(o, part), valueOf(o, whole)), valueOf(o, part) === null || valueOf(o, whole) === null),
    cell(r, part, 'REST'),
    cell(r, whole, 'REST'),
    pctCell(share(valueOf(r, part), valueOf(r, whole)), valueOf(r, part) === null || valueOf(r, whole) === null),
  ]);
  rows.push([
    { text: `Toewijzingen zonder start na ${input.assignmentStartDeadlineDays} dagen` },
    cell(o, 'assignmentsWithoutStart', own),
    { text: '' },
    { text: '' },
    cell(r, 'assignmentsWithoutStart', 'REST'),
    { text: '' },
    { text: '' },
  ]);
  rows.push([
    { text: 'Dagen terug bij terugwerkende kracht (mediaan)' },
    { text: daysText(o?.retroactiveDaysBackMedian, o !== undefined && o.retroactiveRequests !== 0), key: `timeliness.${own}.retroactiveDaysBackMedian`, value: o?.retroactiveDaysBackMedian ?? null },
    { text: '' },
    { text: '' },
    { text: daysText(r?.retroactiveDaysBackMedian, r !== undefined && r.retroactiveRequests !== 0), key: 'timeliness.REST.retroactiveDaysBackMedian', value: r?.retroactiveDaysBackMedian ?? null },
    { text: '' },
    { text: '' },
  ]);
  return {
    id: 'tijdigheid',
    title: 'Tijdigheid van de informatie',
    intro: [
      `Of gemeenten en aanbieders elkaar op tijd informeren. Verzoeken met terugwerkende kracht en late berichten maken het zicht op het gebruik van jeugdhulp en de uitputting van het budget laat; de regio streeft naar nul.`,
    ],
    figures: [
      {
        id: 'tijdigheid-totaal',
        title: 'Tijdigheid',
        chart: {
          kind: 'bar',
          title: 'Te laat of met terugwerkende kracht (% van de berichten)',
          unit: '%',
          categories: lines.map(([, label]) => label),
          series: [
            { name: ownName, values: lines.map(([, , part, whole]) => chartShare(o === undefined ? 0 : o[part], o === undefined ? 0 : o[whole])) },
            { name: restName, values: lines.map(([, , part, whole]) => chartShare(r === undefined ? 0 : r[part], r === undefined ? 0 : r[whole])) },
          ],
        },
        table: { caption: `Tijdigheid, ${periodText}`, head: ['', `${ownName}: aantal`, 'van', '%', `${restName}: aantal`, 'van', '%'], numeric: [false, true, true, true, true, true, true], rows },
        definition: `Verzoeken met terugwerkende kracht: verzoeken om toewijzing (JW315) met een gewenste ingangsdatum vóór de dag van het verzoek, van alle verzoeken in de periode. Te late start- en stopberichten: JW305 en JW307 die meer dan 5 werkdagen na de begin- of einddatum van de zorg zijn verstuurd (bij een start die vóór de toewijzing lag: na de dag waarop de toewijzing werd verstuurd), de landelijke termijn (OP271 en OP272). Een verzoek om meer producten telt per product. Toewijzingen zonder start: toewijzingen waarvan de ingangsdatum aan het einde van de periode meer dan ${input.assignmentStartDeadlineDays} dagen voorbij is zonder dat de zorg is begonnen. Berichten tellen in de periode van hun dagtekening. Periode: ${periodText}. ${source}`,
      },
    ],
  };
}
