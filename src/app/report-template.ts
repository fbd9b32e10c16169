// The region's XLSX template for a provider's financial report [issue 14]: the data sheet first
// (the sheet an import reads), pre-filled with the provider, year, period, the region's care forms
// and areas; an instructions sheet after it. The same columns as the CSV contract.
import ExcelJS from 'exceljs';
import { assertMay, outOfScope } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { requireYear } from '../domain/engine.ts';
import { Refusal } from '../domain/errors.ts';
import { MONTHS_OF, periodEnd, reportDeadline, reportRules, type ReportKind } from '../domain/financial-reports.ts';
import { REPORT_COLUMNS } from '../domain/report-import.ts';
import type { Workspace } from './workspace.ts';

export const REPORT_SHEET = 'Rapportage';

export async function reportTemplate(viewer: Viewer, ws: Workspace, provider: string, year: number, period: ReportKind): Promise<Buffer> {
  assertMay(viewer, 'report.submit');
  if (viewer.role === 'provider' && viewer.provider !== provider) throw outOfScope(viewer, { en: "make another provider's report template", nl: 'het rapportagesjabloon van een andere aanbieder maken' });
  const y = requireYear(await ws.engine.state(), year);
  const p = y.plan.providers.find((x) => x.code === provider);
  if (!p) throw new Refusal('UNKNOWN_PROVIDER', { provider, year, known: y.plan.providers.map((x) => x.code) });
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jeugdregie';
  const sheet = wb.addWorksheet(REPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REPORT_COLUMNS.map((key) => ({ header: key, key, width: key === 'explanation' ? 40 : key === 'care_form' || key === 'area' ? 22 : 16 }));
  sheet.getRow(1).font = { bold: true };
  const forecastNeeded = period === 'M4' || period === 'M8';
  for (const c of ws.region.careForms) {
    const row = sheet.addRow({ provider, year, period, care_form: c.category });
    // Amounts as text-free number cells with two decimals; left empty for the provider to fill in.
    row.getCell('cost_eur').numFmt = '#,##0.00';
    row.getCell('forecast_year_eur').numFmt = '#,##0.00';
    row.getCell('care_form').note = c.name;
  }
  for (const a of ws.region.areas) sheet.addRow({ provider, year, period, care_form: '', area: a.id });
  const help = wb.addWorksheet('Toelichting');
  help.getColumn(1).width = 110;
  const deadline = reportDeadline(year, period, reportRules(ws.region).deadlines);
  const plan = period === 'PLAN';
  const lines = [
    plan ? `Jaarplan ${year} — ${p.name} (${provider})` : `Financiële rapportage ${period} ${year} — ${p.name} (${provider})`,
    '',
    plan
      ? `Het jaarplan zegt hoe u de lumpsum van ${year} per zorgvorm wilt inzetten, en de personele inzet per gebied. Inleveren uiterlijk ${deadline}.`
      : `Periode: 1 januari ${year} tot en met ${periodEnd(year, period)} (${MONTHS_OF[period]} maanden, cumulatief). Inleveren uiterlijk ${deadline}; later is te laat en wordt zo gemarkeerd.`,
    '',
    'Vul op het blad Rapportage in:',
    plan
      ? '• cost_eur: de geplande besteding per zorgvorm over het hele jaar, in euro met hoogstens twee decimalen (0 als er geen is).'
      : '• cost_eur: de gerealiseerde kosten per zorgvorm vanaf 1 januari, in euro met hoogstens twee decimalen (0 als er geen zijn).',
    forecastNeeded ? '• forecast_year_eur: uw prognose van de kosten van het hele jaar per zorgvorm (verplicht in M4 en M8).' : `• forecast_year_eur: mag leeg blijven in ${plan ? 'het jaarplan' : 'M12 (de kosten zijn dan de realisatie)'}.`,
    '• young_people: het aantal jeugdigen per zorgvorm (mag leeg blijven; de monitor telt uit het berichtenverkeer).',
    '• explanation: een korte toelichting (op een willekeurige rij).',
    '• De rijen met een lege zorgvorm zijn voor de personele inzet: per gebied het aantal fte in de kolom fte.',
    '',
    'U hoeft de kosten niet over gemeenten of gebieden te verdelen: Jeugdregie rekent ze per zorgvorm toe naar rato van de zorgdagen van uw jeugdigen per gemeente en gebied in het berichtenverkeer.',
    'Laat de kolommen provider, year, period en care_form staan zoals ze zijn. Plak waarden, geen formules.',
    'Een bestand met fouten wordt in zijn geheel geweigerd, met per probleem blad, rij, kolom en reden. Een nieuwe levering over dezelfde periode vervangt de vorige; beide blijven in het besluitenlogboek.',
    '',
    'Zorgvormen:',
    ...ws.region.careForms.map((c) => `  ${c.category}  ${c.name}`),
    '',
    'Gebieden:',
    ...ws.region.areas.map((a) => `  ${a.id}  ${a.name}`),
  ];
  lines.forEach((text, i) => {
    const cell = help.getCell(i + 1, 1);
    cell.value = text;
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
