// The council report as a PDF [issue 13 "The council report"]: A4, Dutch, a title block on the first
// page, a section per topic on its own page, each figure a chart (the ECharts SVG of charts.ts, drawn
// by svg-to-pdfkit) with its table and definition, and a footer with page numbers. Deterministic:
// the document's date and ID come from the report's data (its last day), never the clock, so the
// same data give the same bytes. No I/O: the bytes are returned.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import type { Cell, CouncilReport, ReportFigure, ReportTable } from '../../domain/reports/council-report.ts';
import type { MarkdownBlock } from '../../domain/reports/markdown.ts';
import { chartHeight, chartSvg, CHART_WIDTH } from './charts.ts';

const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const BLUE = '#1f4e79';
const TEXT = '#1a1a1a';
const GREY = '#555555';
const RULE = '#d0d7de';
const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

class Layout {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;
  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.width = doc.page.width - MARGIN.left - MARGIN.right;
  }
  get bottom(): number {
    return this.doc.page.height - MARGIN.bottom;
  }
  get left(): number {
    return MARGIN.left;
  }
  /** A new page unless `height` still fits on this one. */
  need(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }
  newPage(): void {
    this.doc.addPage();
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
  }
  text(text: string, font: string, size: number, colour = TEXT, options: PDFKit.Mixins.TextOptions = {}): void {
    this.doc.font(font).fontSize(size).fillColor(colour);
    // at least three lines together (a longer text flows on to the next page by itself)
    this.need(Math.min(this.doc.heightOfString(text, { width: this.width, ...options }), size * 3.5));
    this.doc.text(text, this.left, this.doc.y, { width: this.width, ...options });
  }
  gap(points: number): void {
    this.doc.y += points;
  }
}

function titleBlock(l: Layout, report: CouncilReport): void {
  const { doc } = l;
  l.text(report.title, FONT.bold, 22, BLUE);
  l.gap(2);
  l.text(report.subtitle, FONT.regular, 13, TEXT);
  l.gap(12);
  const labelWidth = 120;
  const valueWidth = l.width - labelWidth - 24;
  doc.fontSize(10);
  const rows = report.facts.map((f) => ({ ...f, height: Math.max(doc.font(FONT.bold).heightOfString(f.label, { width: labelWidth }), doc.font(FONT.regular).heightOfString(f.value, { width: valueWidth })) }));
  const height = rows.reduce((s, r) => s + r.height + 4, 0) + 16;
  const top = doc.y;
  doc.rect(l.left, top, l.width, height).fillAndStroke('#f1f5fa', '#9bb3cc');
  let y = top + 10;
  for (const r of rows) {
    doc.font(FONT.bold).fillColor(TEXT).text(r.label, l.left + 12, y, { width: labelWidth });
    doc.font(FONT.regular).fillColor(TEXT).text(r.value, l.left + 12 + labelWidth, y, { width: valueWidth });
    y += r.height + 4;
  }
  doc.y = top + height + 18;
}

function heading(l: Layout, text: string, level: 2 | 3 | 4): void {
  const size = level === 2 ? 15 : level === 3 ? 12 : 10.5;
  // a heading is never the last thing on a page
  l.need(size * 2 + 60);
  l.gap(level === 2 ? 0 : 6);
  l.text(text, FONT.bold, size, level === 2 ? BLUE : TEXT);
  if (level === 2) {
    l.doc.moveTo(l.left, l.doc.y + 1).lineTo(l.left + l.width, l.doc.y + 1).lineWidth(1.5).strokeColor(BLUE).stroke();
    l.gap(8);
  } else {
    l.gap(3);
  }
}

function paragraph(l: Layout, text: string, size = 10, colour = TEXT, font: string = FONT.regular): void {
  l.text(text, font, size, colour, { lineGap: 1.5 });
  l.gap(5);
}

const fontOf = (family: string, bold: boolean, italic: boolean) => (bold ? FONT.bold : italic ? FONT.italic : FONT.regular);

function chart(l: Layout, f: ReportFigure, index: number): void {
  if (f.chart === null) return;
  const scale = Math.min(1, l.width / CHART_WIDTH);
  const height = chartHeight(f.chart) * scale;
  l.need(height + 18);
  l.text(f.chart.title, FONT.bold, 9.5, GREY);
  l.gap(3);
  const y = l.doc.y;
  SVGtoPDF(l.doc, chartSvg(f.chart, index), l.left, y, { width: CHART_WIDTH * scale, height, fontCallback: fontOf, assumePt: false });
  l.doc.x = l.left;
  l.doc.y = y + height + 6;
}

/** Column widths: numbers as wide as their widest text (at least 40 pt), the first column the rest. */
function columnWidths(l: Layout, t: ReportTable, size: number): number[] {
  const { doc } = l;
  const widths = t.head.map((h, i) => {
    if (i === 0) return 0;
    doc.font(FONT.regular).fontSize(size);
    const cells = Math.max(0, ...t.rows.map((r) => doc.widthOfString(r[i]?.text ?? '')));
    doc.font(FONT.bold);
    const longestWord = Math.max(0, ...h.split(/\s+/).map((w) => doc.widthOfString(w)));
    return Math.max(40, cells, longestWord) + 8;
  });
  const rest = l.width - widths.reduce((s, w) => s + w, 0);
  const first = Math.max(rest, 110);
  if (first > rest) {
    // shrink the number columns in proportion to make room for the names
    const k = (l.width - first) / (l.width - rest);
    for (let i = 1; i < widths.length; i++) widths[i] = widths[i]! * k;
  }
  widths[0] = first;
  return widths;
}

function table(l: Layout, t: ReportTable): void {
  const { doc } = l;
  const size = 8.5;
  const pad = 3;
  const widths = columnWidths(l, t, size);
  const cellFont = (c: Cell, col: number) => (col === 0 ? FONT.regular : c.value === null ? FONT.italic : FONT.regular);
  const heightOf = (texts: readonly string[], font: (i: number) => string) =>
    Math.max(...texts.map((s, i) => doc.font(font(i)).fontSize(size).heightOfString(s === '' ? ' ' : s, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  const drawHead = () => {
    const h = heightOf(t.head, () => FONT.bold);
    const y = doc.y;
    doc.rect(l.left, y, l.width, h).fill('#e6edf5');
    let x = l.left;
    t.head.forEach((text, i) => {
      doc.font(FONT.bold).fontSize(size).fillColor(TEXT).text(text, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: t.numeric[i] ? 'right' : 'left' });
      x += widths[i]!;
    });
    doc.y = y + h;
  };
  // the caption and head stay with the first row
  l.need(14 + heightOf(t.head, () => FONT.bold) + (t.rows[0] ? heightOf(t.rows[0].map((c) => c.text), (i) => cellFont(t.rows[0]![i]!, i)) : 0));
  l.text(t.caption, FONT.bold, 9, TEXT);
  l.gap(2);
  drawHead();
  for (const row of t.rows) {
    const h = heightOf(
      row.map((c) => c.text),
      (i) => cellFont(row[i]!, i),
    );
    if (doc.y + h > l.bottom) {
      l.newPage();
      drawHead();
    }
    const y = doc.y;
    let x = l.left;
    row.forEach((c, i) => {
      doc.font(cellFont(c, i)).fontSize(size).fillColor(c.value === null ? GREY : TEXT).text(c.text, x + pad, y + pad, { width: widths[i]! - 2 * pad, align: t.numeric[i] ? 'right' : 'left' });
      x += widths[i]!;
    });
    doc.moveTo(l.left, y + h).lineTo(l.left + l.width, y + h).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.y = y + h;
  }
  doc.x = l.left;
  l.gap(6);
}

function definition(l: Layout, text: string): void {
  const { doc } = l;
  const body = `Wat telt mee: ${text}`;
  doc.font(FONT.regular).fontSize(8);
  const h = doc.heightOfString(body, { width: l.width - 16, lineGap: 1 }) + 10;
  l.need(Math.min(h, 200));
  const y = doc.y;
  if (y + h <= l.bottom) {
    doc.rect(l.left, y, l.width, h).fill('#f5f5f5');
    doc.rect(l.left, y, 2.5, h).fill('#9bb3cc');
  }
  doc.font(FONT.regular).fontSize(8).fillColor('#333333').text(body, l.left + 10, y + 5, { width: l.width - 16, lineGap: 1 });
  doc.x = l.left;
  doc.y = Math.max(doc.y, y + h) + 14;
}

function markdown(l: Layout, blocks: readonly MarkdownBlock[]): void {
  for (const b of blocks) {
    if (b.kind === 'heading') heading(l, b.text, b.level === 1 ? 3 : 4);
    else if (b.kind === 'paragraph') paragraph(l, b.text);
    else {
      b.items.forEach((item, i) => {
        const marker = b.ordered ? `${i + 1}.` : '•';
        l.doc.font(FONT.regular).fontSize(10).fillColor(TEXT);
        l.need(l.doc.heightOfString(item, { width: l.width - 18 }));
        const y = l.doc.y;
        l.doc.text(marker, l.left + 2, y, { width: 14 });
        l.doc.text(item, l.left + 18, y, { width: l.width - 18, lineGap: 1.5 });
        l.doc.x = l.left;
        l.gap(2);
      });
      l.gap(4);
    }
  }
}

function footers(doc: PDFKit.PDFDocument, text: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // writing below the bottom margin would start a new page: lift the margin while writing the footer
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 40;
    doc.moveTo(MARGIN.left, y - 6).lineTo(doc.page.width - MARGIN.right, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font(FONT.regular).fontSize(8).fillColor(GREY);
    doc.text(text, MARGIN.left, y, { width: doc.page.width - MARGIN.left - MARGIN.right - 90, lineBreak: false, ellipsis: true });
    doc.text(`pagina ${i - range.start + 1} van ${range.count}`, doc.page.width - MARGIN.right - 90, y, { width: 90, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

/** The report as PDF bytes; the same report gives the same bytes. */
export function councilReportPdf(report: CouncilReport): Promise<Buffer> {
  const date = new Date(`${report.asOf}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'nl-NL',
    displayTitle: true,
    info: {
      Title: `${report.title} — ${report.half}`,
      Author: 'Jeugdregie',
      Subject: report.subtitle,
      Keywords: `raadsrapportage, jeugdhulp, ${report.municipality.name}, ${report.half}`,
      Creator: 'Jeugdregie',
      Producer: 'Jeugdregie (PDFKit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const l = new Layout(doc);
  doc.x = MARGIN.left;
  doc.y = MARGIN.top;
  titleBlock(l, report);
  let charts = 0;
  report.sections.forEach((s, i) => {
    if (i > 0) l.newPage();
    heading(l, s.title, 2);
    for (const p of s.intro) paragraph(l, p);
    for (const f of s.figures) {
      l.gap(4);
      // the figure's title stays with its chart (or the start of its table)
      l.need(40 + (f.chart === null ? 80 : chartHeight(f.chart) * Math.min(1, l.width / CHART_WIDTH) + 20));
      heading(l, f.title, 3);
      if (f.chart !== null) chart(l, f, charts++);
      if (f.note !== undefined) paragraph(l, f.note, 9, GREY, FONT.italic);
      table(l, f.table);
      definition(l, f.definition);
    }
  });
  l.newPage();
  heading(l, report.comment.title, 2);
  if (report.comment.blocks === null) paragraph(l, report.comment.empty, 10, GREY, FONT.italic);
  else markdown(l, report.comment.blocks);
  footers(doc, report.footer);
  doc.end();
  return done;
}
