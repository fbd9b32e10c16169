// Reads a provider's CBS delivery (Beleidsinformatie Jeugd v7) for one half year: the CSV with the
// protocol's fields by name, or the XLSX template (Dutch labels allowed) [issue 15]. All or nothing,
// every problem with its sheet, row and column in Dutch. The BSN, the full birth date and the
// six-character postcode are read here and never leave: the person becomes the caller's keyed
// pseudonym, the birth date its month, the postcode its four digits and municipality.
import {
  BIJ_CARE_FORMS,
  BIJ_END_REASONS,
  BIJ_INFORMANTS,
  BIJ_REFERRERS,
  BIJ_WITHOUT_HELP,
  bijPeriodEnd,
  bijPeriodName,
  bijPeriodStart,
  mergeRecords,
  NO_BSN,
  type BijGender,
  type BijPeriod,
  type BijRow,
  type Informant,
  type Measurement,
  type MergeResult,
} from './bij.ts';
import { isValidBsn } from './bsn.ts';
import { isValidDate } from './calendar.ts';
import { type CellType, type Said } from './table-cells.ts';
import { TableCheck, optional, required, type TableImport, type TablePlace } from './table-import.ts';

/** The CSV contract of issue 15, in the template's order. */
export const BIJ_COLUMNS = ['bsn', 'birth_date', 'gender', 'postcode', 'referrer', 'care_form', 'crisis', 'start_date', 'end_date', 'end_reason'] as const;
export const BIJ_OPTIONAL_COLUMNS = ['satisfaction', 'without_help', 'informant'] as const;
/** The Dutch labels the XLSX template shows (each is read as well as the English name). */
export const BIJ_DUTCH_LABELS: Readonly<Record<(typeof BIJ_COLUMNS)[number] | (typeof BIJ_OPTIONAL_COLUMNS)[number], string>> = {
  bsn: 'bsn',
  birth_date: 'geboortedatum',
  gender: 'geslacht',
  postcode: 'postcode',
  referrer: 'verwijzer',
  care_form: 'hulpvorm',
  crisis: 'gestart_met_crisis',
  start_date: 'datum_aanvang',
  end_date: 'datum_einde',
  end_reason: 'reden_beeindiging',
  satisfaction: 'tevredenheid',
  without_help: 'zonder_hulp_verder',
  informant: 'type_informant',
};

export interface BijImportContext {
  readonly period: BijPeriod;
  /** The delivery date: an end after it is refused, and so is a period that has not ended. */
  readonly asOf: string;
  /** The keyed pseudonym (HMAC with the region's key, as the traffic's). */
  pseudonym(text: string): string;
  /** The CBS code of the municipality a four-digit postcode lies in, when the region knows it. */
  municipalityOfPc4(pc4: string): string | undefined;
}

export interface BijDelivery extends MergeResult {
  readonly period: BijPeriod;
  /** Rows read. */
  readonly rows: number;
}

interface Values {
  readonly bsn: string;
  readonly birthDate: { readonly year: string; readonly month: string; readonly day: string };
  readonly gender: BijGender;
  readonly postcode: { readonly pc4?: string; readonly pc6?: string; readonly municipality?: string };
  readonly referrer: string;
  readonly careForm: string;
  readonly crisis: boolean;
  readonly start: string;
  readonly end: string;
  readonly endReason: string;
  readonly satisfaction: number | null;
  readonly withoutHelp: string;
  readonly informant: Informant | '';
}

function problem(en: string, nl: string): { problem: Said } {
  return { problem: { en, nl } };
}

/** A code of a list; a spreadsheet number (or a CSV opened in Excel) lost its leading zero: "1" is "01". */
function listCell(list: Readonly<Record<string, string>>, what: Said, ifEmpty?: string): CellType<string> {
  const shown = Object.entries(list)
    .map(([c, n]) => `${c} (${n})`)
    .join(', ');
  return {
    expected: { en: `a code of ${what.en}`, nl: `een code voor ${what.nl}` },
    ...(ifEmpty !== undefined ? { ifEmpty } : {}),
    fromText(text) {
      const code = /^\d{1,2}$/.test(text) ? text.padStart(2, '0') : text;
      return list[code] !== undefined ? { value: code } : problem(`"${text}" is not a code of ${what.en}; use one of ${shown}`, `"${text}" is geen code voor ${what.nl}; gebruik een van ${shown}`);
    },
  };
}

const bsnCell: CellType<string> = {
  expected: { en: 'a BSN of nine digits (999999999 when unknown)', nl: 'een BSN van negen cijfers (999999999 als het onbekend is)' },
  fromText(text) {
    const t = text.replace(/[\s.]/g, '');
    // Excel drops leading zeros of a number: a BSN can start with 0.
    const bsn = /^\d{7,8}$/.test(t) ? t.padStart(9, '0') : t;
    if (!/^\d{9}$/.test(bsn)) return problem('is not a BSN of nine digits; give the BSN, or 999999999 when it is unknown', 'is geen BSN van negen cijfers; geef het BSN, of 999999999 als het onbekend is');
    if ((NO_BSN as readonly string[]).includes(bsn)) return { value: '' };
    if (!isValidBsn(bsn)) return problem('fails the eleven-test (elfproef): a typing error in the BSN; check it, or give 999999999 when it is unknown', 'voldoet niet aan de elfproef: een tikfout in het BSN; controleer het, of geef 999999999 als het onbekend is');
    return { value: bsn };
  },
};

const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateParts(text: string): [string, string, string] | undefined {
  const m = COMPACT_DATE.exec(text) ?? ISO_DATE.exec(text);
  return m ? [m[1]!, m[2]!, m[3]!] : undefined;
}

/** JJJJMMDD (also YYYY-MM-DD); `ifEmpty` '' for an end date while care continues. */
function dateCell(ifEmpty?: string): CellType<string> {
  return {
    expected: { en: 'a date as JJJJMMDD like 20280115', nl: 'een datum als JJJJMMDD zoals 20280115' },
    ...(ifEmpty !== undefined ? { ifEmpty } : {}),
    fromText(text) {
      const p = dateParts(text);
      const iso = p ? `${p[0]}-${p[1]}-${p[2]}` : '';
      if (!p || !isValidDate(iso)) return problem(`"${text}" is not a date as JJJJMMDD like 20280115`, `"${text}" is geen datum als JJJJMMDD zoals 20280115`);
      return { value: iso };
    },
  };
}

/** A birth date; the protocol allows day 00 (day unknown) and month 00 (month unknown). */
const birthDateCell: CellType<Values['birthDate']> = {
  expected: { en: 'a birth date as JJJJMMDD (day 00 or month 00 when unknown)', nl: 'een geboortedatum als JJJJMMDD (dag 00 of maand 00 als die onbekend is)' },
  fromText(text) {
    const p = dateParts(text);
    const bad = problem(`"${text}" is not a birth date as JJJJMMDD (day 00 or month 00 when unknown)`, `"${text}" is geen geboortedatum als JJJJMMDD (dag 00 of maand 00 als die onbekend is)`);
    if (!p) return bad;
    const [year, month, day] = p;
    if (month === '00' && day !== '00') return bad;
    if (month !== '00' && (Number(month) > 12 || (day !== '00' && !isValidDate(`${year}-${month}-${day}`)))) return bad;
    if (Number(year) < 1990) return bad;
    return { value: { year, month, day } };
  },
};

const genderCell: CellType<BijGender> = {
  expected: { en: 'V, M or O', nl: 'V, M of O' },
  fromText(text) {
    const t = text.toUpperCase();
    return t === 'V' || t === 'M' || t === 'O' ? { value: t } : problem(`"${text}" is not a gender code; use V (vrouw), M (man) or O (onbekend)`, `"${text}" is geen code voor geslacht; gebruik V (vrouw), M (man) of O (onbekend)`);
  },
};

/** Postcode "1234AB" (a space allowed), or the CBS municipality code of four digits when the postcode is unknown. */
function postcodeCell(ctx: BijImportContext): CellType<Values['postcode']> {
  return {
    expected: { en: 'a postcode like 1012AB, or the CBS municipality code like 0363', nl: 'een postcode zoals 1012AB, of de CBS-gemeentecode zoals 0363' },
    fromText(text) {
      const t = text.replace(/\s+/g, '').toUpperCase();
      const pc = /^([1-9]\d{3})([A-Z]{2})$/.exec(t);
      if (pc) {
        const pc4 = pc[1]!;
        const municipality = ctx.municipalityOfPc4(pc4);
        return { value: { pc4, pc6: t, ...(municipality ? { municipality } : {}) } };
      }
      const code = /^(?:GM)?(\d{1,4})$/.exec(t);
      if (code) return { value: { municipality: code[1]!.padStart(4, '0') } };
      return problem(`"${text}" is not a postcode like 1012AB nor a CBS municipality code like 0363`, `"${text}" is geen postcode zoals 1012AB en geen CBS-gemeentecode zoals 0363`);
    },
  };
}

const crisisCell: CellType<boolean> = {
  expected: { en: '01 (yes) or 02 (no)', nl: '01 (ja) of 02 (nee)' },
  fromText(text) {
    const t = /^\d{1,2}$/.test(text) ? text.padStart(2, '0') : text.toLowerCase();
    if (t === '01' || t === 'ja') return { value: true };
    if (t === '02' || t === 'nee') return { value: false };
    return problem(`"${text}" is not a crisis code; use 01 (started in crisis) or 02 (not)`, `"${text}" is geen code voor crisis; gebruik 01 (gestart met crisis) of 02 (niet)`);
  },
};

const satisfactionCell: CellType<number | null> = {
  expected: { en: 'a mark from 1 to 10', nl: 'een rapportcijfer van 1 tot en met 10' },
  ifEmpty: null,
  fromText(text) {
    return /^(?:[1-9]|10)$/.test(text) ? { value: Number(text) } : problem(`"${text}" is not a mark from 1 to 10 (satisfaction: how useful was the help)`, `"${text}" is geen rapportcijfer van 1 tot en met 10 (tevredenheid: hoe nuttig was de hulp)`);
  },
};

const informantCell: CellType<Informant | ''> = {
  expected: { en: 'jeugdige or ouder', nl: 'jeugdige of ouder' },
  ifEmpty: '',
  fromText(text) {
    const t = text.toLowerCase();
    const v = t === 'j' || t === 'jeugdige' ? 'jeugdige' : t === 'o' || t === 'ouder' || t === 'ouder/opvoeder' || t === 'opvoeder' ? 'ouder' : undefined;
    return v ? { value: v } : problem(`"${text}" is not a type of informant; use ${BIJ_INFORMANTS.join(' or ')}`, `"${text}" is geen type informant; gebruik ${BIJ_INFORMANTS.join(' of ')}`);
  },
};

const names = (en: string): string[] => [en, BIJ_DUTCH_LABELS[en as keyof typeof BIJ_DUTCH_LABELS]];

export function bijImport(place: TablePlace, ctx: BijImportContext): TableImport<BijDelivery> {
  const check = new TableCheck<Values>(
    {
      columns: {
        bsn: required(names('bsn'), bsnCell),
        birthDate: required(names('birth_date'), birthDateCell),
        gender: required(names('gender'), genderCell),
        postcode: required(names('postcode'), postcodeCell(ctx)),
        referrer: required(names('referrer'), listCell(BIJ_REFERRERS, { en: 'the referrer', nl: 'de verwijzer' })),
        careForm: required(names('care_form'), listCell(BIJ_CARE_FORMS, { en: 'the care form (hulpvorm)', nl: 'de hulpvorm' })),
        crisis: required(names('crisis'), crisisCell),
        start: required(names('start_date'), dateCell()),
        end: required(names('end_date'), dateCell('')),
        endReason: required(names('end_reason'), listCell(BIJ_END_REASONS, { en: 'the reason for ending', nl: 'de reden van beëindiging' }, '')),
        satisfaction: optional(names('satisfaction'), satisfactionCell, null),
        withoutHelp: optional(names('without_help'), listCell(BIJ_WITHOUT_HELP, { en: 'continuing without help', nl: 'zonder hulp verder' }, ''), ''),
        informant: optional(names('informant'), informantCell, ''),
      },
    },
    place,
  );
  const periodStart = bijPeriodStart(ctx.period);
  const periodEnd = bijPeriodEnd(ctx.period);
  const name = bijPeriodName(ctx.period);
  const rows: BijRow[] = [];
  return {
    add(row, cells) {
      check.add(row, cells);
    },
    finish() {
      for (const { row, values: v, complete } of check.end()) {
        const r = (key: keyof Values & string, en: string, nl: string) => check.report(row, key, { en, nl });
        if (v.start !== undefined) {
          if (v.start > periodEnd) r('start', `care starting on ${v.start} falls after ${name} (until ${periodEnd}); deliver it with the period it starts in`, `zorg die begint op ${v.start} valt na ${name} (tot en met ${periodEnd}); lever die bij de periode waarin ze begint`);
          if (v.birthDate !== undefined && birthBound(v.birthDate) > v.start) r('birthDate', `the birth date lies after the start of care (${v.start}); check both`, `de geboortedatum ligt na het begin van de zorg (${v.start}); controleer beide`);
        }
        if (v.end !== undefined && v.end !== '') {
          if (v.start !== undefined && v.end < v.start) r('end', `the end date ${v.end} lies before the start ${v.start}`, `de einddatum ${v.end} ligt voor de aanvangsdatum ${v.start}`);
          if (v.end < periodStart) r('end', `care that ended on ${v.end} ended before ${name} (from ${periodStart}); a delivery holds care started, running or ended in its period`, `zorg die eindigde op ${v.end} eindigde voor ${name} (vanaf ${periodStart}); een levering bevat zorg die in de periode begon, liep of eindigde`);
          if (v.end > ctx.asOf) r('end', `the end date ${v.end} lies after the delivery date ${ctx.asOf}; leave it empty while care continues`, `de einddatum ${v.end} ligt na de leverdatum ${ctx.asOf}; laat die leeg zolang de zorg doorloopt`);
          if (v.endReason === '') r('endReason', 'the reason for ending is missing; an ended record gives one (01 to 05)', 'de reden van beëindiging ontbreekt; een beëindigd record geeft er een (01 tot en met 05)');
        } else if (v.end === '' && v.endReason !== undefined && v.endReason !== '') {
          r('endReason', 'a reason for ending without an end date; give the end date, or leave the reason empty while care continues', 'een reden van beëindiging zonder einddatum; geef de einddatum, of laat de reden leeg zolang de zorg doorloopt');
        }
        if (v.bsn === '' && v.postcode !== undefined && v.postcode.pc6 === undefined) {
          r('postcode', 'without a BSN the record is known by gender, birth date and postcode: give the postcode, not the municipality code', 'zonder BSN is het record bekend aan geslacht, geboortedatum en postcode: geef de postcode, niet de gemeentecode');
        }
        if ((v.informant ?? '') !== '' && v.satisfaction === null && (v.withoutHelp ?? '') === '') {
          r('informant', 'a type of informant without a measurement; give satisfaction or without_help, or leave the informant empty', 'een type informant zonder meting; geef tevredenheid of zonder_hulp_verder, of laat de informant leeg');
        }
        if (!complete) continue;
        const full = v as Values;
        const birth = full.birthDate;
        const person = full.bsn !== '' ? ctx.pseudonym(full.bsn) : ctx.pseudonym(`geen-bsn|${full.gender}|${birth.year}${birth.month}${birth.day}|${full.postcode.pc6 ?? ''}`);
        const measurement: Measurement = {
          ...(full.satisfaction !== null ? { satisfaction: full.satisfaction } : {}),
          ...(full.withoutHelp !== '' ? { withoutHelp: full.withoutHelp } : {}),
          ...(full.informant !== '' ? { informant: full.informant } : {}),
        };
        rows.push({
          row,
          person,
          hasBsn: full.bsn !== '',
          birthMonth: birth.month === '00' ? birth.year : `${birth.year}-${birth.month}`,
          gender: full.gender,
          ...(full.postcode.pc4 ? { pc4: full.postcode.pc4 } : {}),
          ...(full.postcode.municipality ? { municipality: full.postcode.municipality } : {}),
          referrer: full.referrer,
          careForm: full.careForm,
          crisis: full.crisis,
          start: full.start,
          ...(full.end !== '' ? { end: full.end, endReason: full.endReason } : {}),
          measurements: measurement.satisfaction !== undefined || measurement.withoutHelp !== undefined ? [measurement] : [],
        });
      }
      return check.result(() => ({ period: ctx.period, rows: rows.length, ...mergeRecords(rows) }));
    },
  };
}

/** The earliest day a birth date with unknown parts can be. */
function birthBound(b: Values['birthDate']): string {
  return `${b.year}-${b.month === '00' ? '01' : b.month}-${b.day === '00' ? '01' : b.day}`;
}
