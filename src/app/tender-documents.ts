// The tender's documents from the record [issue 16]: the region's statement of reasons (proces-verbaal)
// — the procedure, the criteria, the ranking, the draws, a reason per rejected or unranked bidder, the
// objections, the standstill period and the final selection — and a bidder's award notice with the
// reasons that concern it. HTML and PDF, in Dutch; every statement cites the ledger entry it rests on.
// Deterministic: dates come from the record, never the clock.
import PDFDocument from 'pdfkit';
import { assertMay } from '../domain/access/policy.ts';
import type { Viewer } from '../domain/access/viewer.ts';
import { Refusal } from '../domain/errors.ts';
import type { RankLine } from '../domain/tender.ts';
import { currentFacts, criteriaOfBidder, reasonNl, TENDER_STATUS_NL, type TenderState } from '../domain/tender-record.ts';
import { audit } from './accounts.ts';
import { tenderOf } from './tender.ts';
import type { Workspace } from './workspace.ts';

interface Section {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly table?: { readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] };
}
interface Document {
  readonly title: string;
  readonly subtitle: string;
  readonly date: string;
  readonly sections: readonly Section[];
}

export const STATUS_NL: Readonly<Record<RankLine['status'], string>> = {
  selected: 'geselecteerd',
  waiting_room: 'wachtkamer',
  not_selected: 'niet geselecteerd',
  insufficient: 'onvoldoende',
  incomplete: 'onvolledig',
};

const nameOf = (t: TenderState, b: string) => t.bidders[b]?.name ?? b;

/**
 * Why a bidder is where it is, in one or more sentences (the statement of reasons). `own`: for the
 * bidder's own notice, which names no other bidder.
 */
function reasonsFor(t: TenderState, l: RankLine, lines: readonly RankLine[], own = false): string {
  const other = (b: string) => (own ? 'een andere inschrijver' : nameOf(t, b));
  const lastSelected = lines.filter((x) => x.status === 'selected').sort((a, b) => b.rank! - a.rank!)[0];
  const withdrawal = t.withdrawals.find((w) => w.bidder === l.bidder);
  if (withdrawal) return `Teruggetrokken op ${withdrawal.date} (regel #${withdrawal.seq})${withdrawal.promoted ? `; ${other(withdrawal.promoted)} neemt de plaats in vanuit de wachtkamer` : ''}.`;
  if (l.status === 'incomplete' || l.status === 'insufficient') return `${l.status === 'incomplete' ? 'Niet gerangschikt: de inschrijving is onvolledig' : 'Niet gerangschikt: de inschrijving is onvoldoende'} — ${l.reasons.map((r) => reasonNl(r, t)).join('; ')}.`;
  const promoted = t.withdrawals.find((w) => w.promoted === l.bidder);
  const tie = l.tieBreak === 'unresolved' ? ' Gelijk geëindigd met een andere inschrijving binnen dezelfde groep; een loting was niet nodig, want de uitkomst is voor beide dezelfde.' : l.tieBreak === 'draw' ? ' Bij gelijke totaalscore en gelijke score op de beslisregel besliste de vastgelegde loting.' : l.tieBreak?.startsWith('criterion ') ? ` Bij gelijke totaalscore besliste de hogere score op "${t.definition.criteria.find((c) => `criterion ${c.id}` === l.tieBreak)?.label ?? l.tieBreak}".` : '';
  if (l.status === 'selected') return `Rang ${l.rank} met totaalscore ${l.totalScore}: binnen de ${t.definition.maxSelected} te selecteren inschrijvers${promoted ? ` (vanuit de wachtkamer na de terugtrekking van ${other(promoted.bidder)}, regel #${promoted.seq})` : ''}.${tie}`;
  const gap = lastSelected ? ` De laagst geplaatste geselecteerde inschrijver heeft totaalscore ${lastSelected.totalScore}.` : '';
  if (l.status === 'waiting_room') return `Rang ${l.rank} met totaalscore ${l.totalScore}: in de wachtkamer; bij een terugtrekking van een geselecteerde inschrijver schuift de wachtkamer in volgorde van rang door.${gap}${tie}`;
  return `Rang ${l.rank} met totaalscore ${l.totalScore}: buiten de ${t.definition.maxSelected} te selecteren inschrijvers en de wachtkamer van ${t.definition.waitingRoom}.${gap}${tie}`;
}

function procedureSection(t: TenderState): Section[] {
  const d = t.definition;
  return [
    {
      heading: 'De procedure',
      paragraphs: [
        `Gepubliceerd op ${d.publishedOn} (regel #${t.defineSeq}). Ten hoogste ${d.maxSelected} inschrijvers worden geselecteerd; ${d.waitingRoom} volgende${d.waitingRoom === 1 ? '' : 'n'} kom${d.waitingRoom === 1 ? 't' : 'en'} in de wachtkamer. Opschortende termijn: ${d.standstillDays} kalenderdagen.`,
        `Alleen volledige inschrijvingen die aan alle geschiktheidseisen voldoen en op elk criterium ten minste voldoende scoren, worden gerangschikt. De totaalscore is de som van gewicht × score; de visies op de thema's tellen als hun gemiddelde over de thema's waarop is ingeschreven.`,
        `Beslisregel bij gelijke totaalscore: ${d.tieBreak.map((s) => (s.kind === 'draw' ? 'daarna een vastgelegde loting' : `de hogere score op "${d.criteria.find((c) => c.id === s.criterion)?.label ?? s.criterion}"`)).join(', ')}.`,
        `Beoordelaars: ${d.assessors.join(', ') || '(niet genoemd)'}. Elke beoordelaar scoort zelfstandig; daarna stellen zij samen de consensusscore met motivering vast. De mondelinge toelichting kan de schriftelijke score volgens het protocol bijstellen, met de reden.`,
      ],
      table: { columns: ['Criterium', 'Thema', 'Gewicht', 'Schaal', 'Voldoende vanaf'], rows: d.criteria.map((c) => [c.label, c.theme ?? 'alle', String(c.weight), `0–${c.max}`, String(c.sufficient)]) },
    },
    { heading: 'Geschiktheidseisen', paragraphs: d.requirements.map((r) => `${r.label} (${r.id})`) },
  ];
}

function procesVerbaal(t: TenderState): Document {
  const lines = t.lines ?? [];
  if (!t.intent) throw new Refusal('TENDER_STEP_REFUSED', { tender: t.definition.id, what: 'the statement of reasons follows the intended selection', nl: 'het proces-verbaal volgt op de voorgenomen selectie' });
  return {
    title: `Proces-verbaal van selectie`,
    subtitle: t.definition.name,
    date: t.award?.date ?? t.intent.date,
    sections: [
      ...procedureSection(t),
      {
        heading: 'Rangschikking',
        paragraphs: [`De voorgenomen selectie is bekendgemaakt op ${t.intent.date} (regel #${t.intent.seq}). Status: ${TENDER_STATUS_NL[t.status]}.`],
        table: { columns: ['Rang', 'Inschrijver', 'Status', 'Totaalscore', 'Beslist door'], rows: lines.map((l) => [l.rank ? String(l.rank) : '', `${nameOf(t, l.bidder)} (${l.bidder})`, STATUS_NL[l.status], l.totalScore ?? '', l.tieBreak === 'draw' ? 'loting' : l.tieBreak === 'unresolved' ? 'gelijk (zelfde uitkomst)' : l.tieBreak?.replace('criterion ', 'criterium ') ?? '']) },
      },
      { heading: 'Lotingen', paragraphs: t.draws.length === 0 ? ['Er was geen loting nodig.'] : t.draws.map((d) => `Volgorde ${d.order.map((b) => nameOf(t, b)).join(' vóór ')} — ${d.witness} (regel #${d.seq}).`) },
      { heading: 'Motivering per inschrijver', paragraphs: lines.map((l) => `${nameOf(t, l.bidder)} (${l.bidder}): ${reasonsFor(t, l, lines)}`) },
      {
        heading: 'Bezwaren en opschortende termijn',
        paragraphs: [
          `De opschortende termijn liep tot en met ${t.intent.standstillEnds}.`,
          ...(t.objections.length === 0 ? ['Er zijn geen bezwaren ontvangen.'] : t.objections.map((o) => `Bezwaar van ${nameOf(t, o.bidder)} op ${o.date} (regel #${o.seq}): "${o.text}" — ${o.outcome ? `${o.outcome.outcome === 'upheld' ? 'gegrond' : 'ongegrond'} verklaard op ${o.outcome.date} (regel #${o.outcome.seq})` : 'nog zonder uitkomst'}.`)),
          t.award ? `De selectie is definitief geworden op ${t.award.date} (regel #${t.award.seq}).` : 'De selectie is nog niet definitief.',
        ],
      },
    ],
  };
}

function notice(t: TenderState, bidder: string): Document {
  const lines = t.lines ?? [];
  const l = lines.find((x) => x.bidder === bidder);
  if (!t.intent || !l) throw new Refusal('TENDER_STEP_REFUSED', { tender: t.definition.id, what: `there is no outcome for ${bidder} yet`, nl: `er is nog geen uitkomst voor ${bidder}` });
  const facts = currentFacts(t);
  const lastSelected = lines.filter((x) => x.status === 'selected').sort((a, b) => b.rank! - a.rank!)[0];
  return {
    title: l.status === 'selected' ? 'Bericht van voorgenomen selectie' : 'Bericht van afwijzing',
    subtitle: `${t.definition.name} — ${nameOf(t, bidder)} (${bidder})`,
    date: t.intent.date,
    sections: [
      { heading: 'Uitkomst', paragraphs: [`Uw inschrijving: ${STATUS_NL[l.status]}. ${reasonsFor(t, l, lines, true)}`] },
      {
        heading: 'Uw beoordeling',
        paragraphs: ['De scores hieronder zijn de consensusscores van de beoordelaars, zo nodig bijgesteld na de mondelinge toelichting.'],
        table: {
          columns: ['Criterium', 'Score', 'Motivering'],
          rows: criteriaOfBidder(t, bidder).map((c) => {
            const cons = facts.find((f) => f.kind === 'consensus' && f.bidder === bidder && f.item === c.id);
            const oral = facts.find((f) => f.kind === 'oral' && f.bidder === bidder && f.item === c.id);
            return [c.label, oral ? `${oral.value} (was ${cons?.value ?? '–'})` : cons ? String(cons.value) : '–', [cons?.reason, oral ? `Mondelinge toelichting: ${oral.reason}` : ''].filter(Boolean).join(' ')];
          }),
        },
      },
      { heading: 'Relevante redenen', paragraphs: [lastSelected ? `De laagst geplaatste geselecteerde inschrijving heeft totaalscore ${lastSelected.totalScore} (rang ${lastSelected.rank}).` : 'Er is geen inschrijving geselecteerd.', `Er zijn ${t.definition.maxSelected} plaatsen en een wachtkamer van ${t.definition.waitingRoom}.`] },
      { heading: 'Opschortende termijn', paragraphs: [`U kunt tot en met ${t.intent.standstillEnds} bezwaar maken bij de regio. Daarna wordt de selectie definitief.`] },
    ],
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function toHtml(d: Document): string {
  const section = (s: Section) =>
    `<section><h2>${esc(s.heading)}</h2>${s.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('')}${
      s.table ? `<table><thead><tr>${s.table.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead><tbody>${s.table.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>` : ''
    }</section>`;
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>${esc(d.title)} — ${esc(d.subtitle)}</title><style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}h1{color:#1f4e79}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}</style></head><body><header><h1>${esc(d.title)}</h1><p>${esc(d.subtitle)}</p><p>Datum: ${esc(d.date)}</p></header>${d.sections.map(section).join('')}</body></html>\n`;
}

async function toPdf(d: Document): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `${d.title} — ${d.subtitle}`, CreationDate: new Date(`${d.date}T00:00:00Z`), ModDate: new Date(`${d.date}T00:00:00Z`) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((r) => doc.on('end', () => r()));
  const width = doc.page.width - 112;
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#1f4e79').text(d.title, { width });
  doc.font('Helvetica').fontSize(12).fillColor('#1a1a1a').text(d.subtitle, { width }).text(`Datum: ${d.date}`, { width }).moveDown();
  for (const s of d.sections) {
    doc.font('Helvetica-Bold').fontSize(14).fillColor('#1f4e79').text(s.heading, { width }).moveDown(0.3);
    doc.font('Helvetica').fontSize(10).fillColor('#1a1a1a');
    for (const p of s.paragraphs) doc.text(p, { width }).moveDown(0.4);
    if (s.table) {
      const colW = width / s.table.columns.length;
      const row = (cells: readonly string[], bold: boolean) => {
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
        const h = Math.max(...cells.map((c) => doc.heightOfString(c, { width: colW - 6 })));
        if (doc.y + h > doc.page.height - 64) doc.addPage();
        const y = doc.y;
        cells.forEach((c, i) => doc.text(c, 56 + i * colW, y, { width: colW - 6 }));
        doc.x = 56;
        doc.y = y + h + 3;
      };
      row(s.table.columns, true);
      for (const r of s.table.rows) row(r, false);
      doc.moveDown();
    }
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export type TenderDocumentRequest = { kind: 'proces-verbaal' } | { kind: 'notice'; bidder: string };

/**
 * A document of the record, for the tender team; a bidder (provider viewer) may have its own notice
 * and nothing else. In the audit log as an export.
 */
export async function tenderDocument(viewer: Viewer, ws: Workspace, id: string, request: TenderDocumentRequest, format: 'html' | 'pdf'): Promise<{ title: string; bytes: Buffer | string; contentType: string }> {
  if (viewer.role === 'provider' && request.kind === 'notice' && request.bidder === viewer.provider) assertMay(viewer, 'tender.own');
  else assertMay(viewer, 'tender.read');
  let t: TenderState;
  try {
    t = await tenderOf(ws, id);
  } catch (e) {
    // A bidder learns nothing of other tenders, not even their names.
    if (e instanceof Refusal && viewer.role === 'provider') throw new Refusal('TENDER_UNKNOWN', { tender: id, known: [] });
    throw e;
  }
  const d = request.kind === 'notice' ? notice(t, request.bidder) : procesVerbaal(t);
  await audit(ws, viewer, 'export', { what: `tender-${request.kind}`, tender: id, ...(request.kind === 'notice' ? { bidder: request.bidder } : {}), format });
  return format === 'pdf' ? { title: `${d.title} (${d.subtitle})`, bytes: await toPdf(d), contentType: 'application/pdf' } : { title: `${d.title} (${d.subtitle})`, bytes: toHtml(d), contentType: 'text/html; charset=utf-8' };
}

/** A bidder's own notice (a provider viewer: the bidder with its code), once its outcome is known. */
export async function ownTenderNotice(viewer: Viewer, ws: Workspace, id: string, format: 'html' | 'pdf') {
  assertMay(viewer, 'tender.own');
  if (viewer.role !== 'provider') throw new Refusal('FORBIDDEN', { role: viewer.role, what: "read a bidder's own notice", whatNl: 'het eigen gunningsbericht van een inschrijver lezen' });
  return tenderDocument(viewer, ws, id, { kind: 'notice', bidder: viewer.provider }, format);
}
