// The council report as one HTML file [issue 13 "The council report"]: Dutch, self-contained (styles
// and chart SVGs inline, nothing fetched), printable on A4. Every text is escaped — the college's
// comment above all — and every figure cell carries its key and value (data-key, data-value), so the
// report can be checked against the API. The same report gives the same bytes.
import type { MarkdownBlock } from '../../domain/reports/markdown.ts';
import type { Cell, CouncilReport, ReportFigure, ReportTable } from '../../domain/reports/council-report.ts';
import { dutchDate } from '../../domain/reports/half-year.ts';
import { chartSvg } from './charts.ts';

/** Text as HTML: & < > " ' escaped (safe in element content and in quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
@page { size: A4; margin: 20mm 18mm 22mm; @bottom-center { content: "pagina " counter(page) " van " counter(pages); font: 9pt Helvetica, Arial, sans-serif; color: #555; } }
* { box-sizing: border-box; }
body { font: 11pt/1.45 Helvetica, Arial, sans-serif; color: #1a1a1a; max-width: 180mm; margin: 0 auto; padding: 12px; }
h1 { font-size: 22pt; margin: 0 0 4px; color: #1f4e79; }
h2 { font-size: 15pt; margin: 28px 0 6px; color: #1f4e79; border-bottom: 2px solid #1f4e79; padding-bottom: 2px; break-after: avoid; }
h3 { font-size: 12pt; margin: 18px 0 6px; break-after: avoid; }
h4 { font-size: 11pt; margin: 14px 0 4px; }
.subtitle { font-size: 13pt; margin: 0 0 16px; color: #333; }
.title-block { border: 1px solid #9bb3cc; background: #f1f5fa; padding: 12px 16px; margin-bottom: 24px; }
.title-block dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
.title-block dt { font-weight: bold; }
.title-block dd { margin: 0; }
figure { margin: 0 0 18px; break-inside: avoid-page; }
figure svg { display: block; width: 100%; height: auto; max-width: 640px; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; margin: 6px 0; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border-bottom: 1px solid #d0d7de; padding: 3px 6px; vertical-align: top; }
thead th { background: #e6edf5; text-align: left; }
tbody th { text-align: left; font-weight: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.hidden { font-style: italic; color: #555; }
.definition { font-size: 9pt; color: #333; background: #f7f7f7; border-left: 3px solid #9bb3cc; padding: 6px 10px; margin: 6px 0 0; }
.comment { border: 1px solid #c9c9c9; padding: 8px 16px; }
.empty, .note { font-style: italic; color: #555; }
footer { margin-top: 32px; font-size: 9pt; color: #555; border-top: 1px solid #ccc; padding-top: 6px; }
@media print { body { max-width: none; padding: 0; } footer { display: none; } }
`;

function cellHtml(c: Cell, numeric: boolean): string {
  const classes = [numeric ? 'num' : '', c.value === null ? 'hidden' : ''].filter(Boolean).join(' ');
  const data = c.key === undefined ? '' : ` data-key="${escapeHtml(c.key)}" data-value="${c.value === null || c.value === undefined ? '' : escapeHtml(String(c.value))}"`;
  return `<td${classes ? ` class="${classes}"` : ''}${data}>${escapeHtml(c.text)}</td>`;
}

function tableHtml(t: ReportTable): string {
  const head = t.head.map((h, i) => `<th scope="col"${t.numeric[i] ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c.text)}</th>` : cellHtml(c, t.numeric[i] ?? false))).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${escapeHtml(t.caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}

function figureHtml(f: ReportFigure, chartIndex: number | undefined): string {
  const chart =
    f.chart === null || chartIndex === undefined
      ? ''
      : chartSvg(f.chart, chartIndex).replace('<svg ', `<svg role="img" aria-label="${escapeHtml(f.chart.title)} (de cijfers staan in de tabel hieronder)" `);
  return `<figure id="${escapeHtml(f.id)}">
<h3>${escapeHtml(f.title)}</h3>
${f.chart === null ? '' : `<figcaption>${escapeHtml(f.chart.title)}</figcaption>\n${chart}`}${f.note === undefined ? '' : `<p class="note">${escapeHtml(f.note)}</p>`}
${tableHtml(f.table)}
<p class="definition"><strong>Wat telt mee:</strong> ${escapeHtml(f.definition)}</p>
</figure>`;
}

/** The college's comment: headings one level below the section's, paragraphs and lists; all text escaped. */
export function markdownHtml(blocks: readonly MarkdownBlock[]): string {
  return blocks
    .map((b) => {
      if (b.kind === 'heading') return `<h${b.level + 2}>${escapeHtml(b.text)}</h${b.level + 2}>`;
      if (b.kind === 'paragraph') return `<p>${escapeHtml(b.text)}</p>`;
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`;
    })
    .join('\n')
    .replace(/<h5>/g, '<h4>')
    .replace(/<\/h5>/g, '</h4>');
}

export function councilReportHtml(report: CouncilReport): string {
  let charts = 0;
  const sections = report.sections
    .map(
      (s) => `<section id="${escapeHtml(s.id)}">
<h2>${escapeHtml(s.title)}</h2>
${s.intro.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${s.figures.map((f) => figureHtml(f, f.chart === null ? undefined : charts++)).join('\n')}
</section>`,
    )
    .join('\n');
  const comment = report.comment.blocks === null ? `<p class="empty">${escapeHtml(report.comment.empty)}</p>` : `<div class="comment">\n${markdownHtml(report.comment.blocks)}\n</div>`;
  return `<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Jeugdregie">
<meta name="date" content="${escapeHtml(report.asOf)}">
<title>${escapeHtml(report.title)} — ${escapeHtml(report.half)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(report.title)}</h1>
<p class="subtitle">${escapeHtml(report.subtitle)}</p>
<div class="title-block"><dl>
${report.facts.map((f) => `<dt>${escapeHtml(f.label)}</dt><dd>${escapeHtml(f.value)}</dd>`).join('\n')}
</dl></div>
</header>
<main>
${sections}
<section id="toelichting">
<h2>${escapeHtml(report.comment.title)}</h2>
${comment}
</section>
</main>
<footer>${escapeHtml(report.footer)} · gemaakt door Jeugdregie uit de gegevens tot en met ${escapeHtml(dutchDate(report.asOf))}</footer>
</body>
</html>
`;
}
