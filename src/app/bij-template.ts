// The template of a CBS delivery [issue 15 "Formats"]: the CSV with the protocol's fields by name,
// or an XLSX with the same fields under their Dutch labels, an example row, and a sheet with every
// code. The same columns as the CSV contract; the import reads both.
import ExcelJS from 'exceljs';
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { BIJ_CARE_FORMS, BIJ_END_REASONS, BIJ_REFERRERS, BIJ_WITHOUT_HELP } from '../domain/bij.ts';
import { BIJ_COLUMNS, BIJ_DUTCH_LABELS, BIJ_OPTIONAL_COLUMNS } from '../domain/bij-import.ts';

export const BIJ_SHEET = 'Levering';
const ALL = [...BIJ_COLUMNS, ...BIJ_OPTIONAL_COLUMNS];

/** The CSV template: the header of the contract and nothing else. */
export function bijTemplateCsv(): string {
  return ALL.join(',') + '\n';
}

export async function bijTemplateXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jeugdregie';
  const sheet = wb.addWorksheet(BIJ_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ALL.map((key) => ({ header: BIJ_DUTCH_LABELS[key], key, width: 18, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('Codes');
  help.getColumn(1).width = 24;
  help.getColumn(2).width = 90;
  const lines: [string, string][] = [
    ['CBS-levering Beleidsinformatie Jeugd (protocol versie 7)', ''],
    ['', ''],
    ['Eén rij per jeugdige per hulpvorm per hulpverleningsplan; alle zorg die in het halfjaar begon, liep of eindigde.', ''],
    ['Cellen als tekst: een BSN of code begint soms met 0.', ''],
    ['', ''],
    ['bsn', 'negen cijfers; 999999999 als het onbekend is (000000000 voor een ongeborene; beide betekenen: geen BSN)'],
    ['geboortedatum', 'JJJJMMDD; dag 00 of maand 00 als die onbekend is'],
    ['geslacht', 'V, M of O'],
    ['postcode', 'zes tekens (1012AB) van het adres van de verantwoordelijke gemeente; de CBS-gemeentecode (0363) als de postcode onbekend is'],
    ['datum_aanvang / datum_einde', 'JJJJMMDD; datum einde leeg zolang de zorg doorloopt'],
    ['gestart_met_crisis', '01 ja, 02 nee'],
    ['type_informant', 'jeugdige of ouder (bij tevredenheid of zonder hulp verder)'],
    ['', ''],
    ...Object.entries(BIJ_REFERRERS).map(([c, n]): [string, string] => [`verwijzer ${c}`, n]),
    ...Object.entries(BIJ_CARE_FORMS).map(([c, n]): [string, string] => [`hulpvorm ${c}`, n]),
    ...Object.entries(BIJ_END_REASONS).map(([c, n]): [string, string] => [`reden_beeindiging ${c}`, n]),
    ['tevredenheid', 'rapportcijfer 1 tot en met 10: hoe nuttig was de hulp'],
    ...Object.entries(BIJ_WITHOUT_HELP).map(([c, n]): [string, string] => [`zonder_hulp_verder ${c}`, n]),
  ];
  for (const l of lines) help.addRow(l);
  help.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template for a viewer who may deliver (the region, a provider). */
export async function bijTemplate(viewer: Viewer, format: 'csv' | 'xlsx'): Promise<{ format: 'csv' | 'xlsx'; bytes: Buffer }> {
  assertMay(viewer, 'bij.submit');
  return { format, bytes: format === 'csv' ? Buffer.from(bijTemplateCsv(), 'utf8') : await bijTemplateXlsx() };
}
