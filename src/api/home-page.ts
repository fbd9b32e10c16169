// The plain first page: the region's budget, the lump sums and the payment schedule of one year, and
// the region's protected monitor figures; for the region role only (others get the sign-in page:
// per municipality and per provider figures are not theirs to see). Server-rendered HTML in Dutch;
// the web application of issue 13 replaces it.
import { budgetForYear, lumpSums, payments } from '../app/queries.ts';
import type { Workspace } from '../app/workspace.ts';
import { formatEuros, sum } from '../domain/money.ts';
import { publishedFigures } from '../app/publication.ts';
import type { PublishedReachRow } from '../domain/disclosure/publication.ts';
import { dataCoverage, PeriodAfterDataError } from '../app/coverage.ts';
import { describeIngestStatus, ingestStatus } from '../app/ingest-runs.ts';
import { SUPPRESS_BELOW } from '../domain/reach-figures.ts';
import { stopReasonLabel } from '../domain/stop-reasons.ts';
import { MESSAGE_ORDER, messageRole } from '../domain/message-roles.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (c: bigint) => `<td class="num">${esc(formatEuros(c))}</td>`;
const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const MONTH_NAMES = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
/** "2037-12-31" → "31 december 2037" */
const dutchDate = (date: string) => `${Number(date.slice(8, 10))} ${MONTH_NAMES[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;

/** The page and how far its monitor figures reach (null: no messages yet). */
export interface HomePage {
  readonly html: string;
  readonly dataUpTo: string | null;
}

/** The pages' style sheet (served as a file: the CSP allows no inline styles). */
export const PAGE_CSS = `
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 80rem; padding: 0 1rem; color: #1a1a1a; }
  h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
  h2 { font-size: 1.2rem; margin-top: 2rem; }
  table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
  th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; text-align: left; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  tfoot th, tfoot td { font-weight: 600; border-top: 2px solid #333; }
  small { color: #555; }
  .lead, .coverage { color: #444; }
  .notice { border-left: 4px solid #b35c00; padding: 0.4rem 0.8rem; background: #fff4e5; }
  .scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  @media (max-width: 40rem) { body { margin: 1rem auto; } th, td { padding: 0.25rem 0.35rem; } }
`;

export async function renderHomePage(ws: Workspace, year: number, years: readonly number[], options: { login?: string; csrfToken?: string | null } = {}): Promise<HomePage> {
  const name = (code: string) => ws.region.municipalities.find((m) => m.code === code)?.name ?? code;
  let budgetHtml = '<p>Er is nog geen begroting voor dit jaar.</p>';
  try {
    const b = await budgetForYear(ws, year);
    budgetHtml = `<table><thead><tr><th>Gemeente</th><th>CBS-code</th><th class="num">Begroting ${year}</th><th>Grondslag</th></tr></thead><tbody>
${b.municipalities
  .map(
    (m) =>
      `<tr><td>${esc(name(m.municipality))}</td><td>${m.municipality}</td>${money(m.amountCents)}<td>${m.basis === 'adopted' ? `vastgesteld` : `doorgetrokken van ${m.basedOnYear}`}</td></tr>`,
  )
  .join('\n')}
</tbody><tfoot><tr><th>Regio</th><th></th>${money(b.totalCents)}<th></th></tr></tfoot></table>`;
  } catch {
    // No budget for the year: the page says so instead of failing.
  }
  const lump = years.includes(year) ? await lumpSums(ws, year) : [];
  const providers = [...new Set(lump.map((r) => r.provider))];
  const munis = ws.region.municipalities;
  const lumpHtml =
    providers.length === 0
      ? `<p>Voor ${year} zijn nog geen lumpsums toegekend. Gebruik <code>jeugdregie allocate --year ${year} --plan &lt;bestand&gt;</code>.</p>`
      : `<table><thead><tr><th>Aanbieder</th><th>Thema's</th>${munis.map((m) => `<th class="num">${esc(m.name)}</th>`).join('')}<th class="num">Lumpsum ${year}</th></tr></thead><tbody>
${providers
  .map((p) => {
    const rows = lump.filter((r) => r.provider === p);
    return `<tr><td>${esc(rows[0]!.providerName)} <small>(${esc(p)})</small></td><td>${[...new Set(rows.map((r) => r.theme))].join(', ')}</td>${munis
      .map((m) => money(sum(rows.filter((r) => r.municipality === m.code).map((r) => r.amountCents))))
      .join('')}${money(sum(rows.map((r) => r.amountCents)))}</tr>`;
  })
  .join('\n')}
</tbody><tfoot><tr><th>Totaal</th><th></th>${munis.map((m) => money(sum(lump.filter((r) => r.municipality === m.code).map((r) => r.amountCents)))).join('')}${money(sum(lump.map((r) => r.amountCents)))}</tr></tfoot></table>`;
  const pay = years.includes(year) ? await payments(ws, year) : [];
  const payHtml =
    pay.length === 0
      ? ''
      : `<table><thead><tr><th>Maand</th>${munis.map((m) => `<th class="num">${esc(m.name)}</th>`).join('')}<th class="num">Totaal</th><th>Status</th></tr></thead><tbody>
${MONTHS.map((label, i) => {
  const month = `${year}-${String(i + 1).padStart(2, '0')}`;
  const rows = pay.filter((p) => p.month === month);
  return `<tr><td>${label} ${year}</td>${munis.map((m) => money(sum(rows.filter((r) => r.municipality === m.code).map((r) => r.amountCents)))).join('')}${money(sum(rows.map((r) => r.amountCents)))}<td>${rows.every((r) => r.paid) ? 'betaald' : 'gepland'}</td></tr>`;
}).join('\n')}
</tbody></table>`;
  // The monitor's figures only as far as the messages reach (src/app/coverage.ts), and as others may
  // see them: the year's protected publication (src/app/publication.ts), one dimension per table.
  const asked = { from: `${year}-01-01`, to: `${year}-12-31` };
  const { dataUpTo } = await dataCoverage(ws);
  const monitor = await publishedFigures(ws, asked).catch((e: unknown) => {
    if (e instanceof PeriodAfterDataError) return undefined;
    throw e;
  });
  const periodEnd = monitor?.period.to ?? asked.to;
  const coverageHtml =
    dataUpTo === null
      ? '<p class="coverage">Nog geen iJw-berichten ontvangen: de monitor heeft nog geen gegevens.</p>'
      : `<p class="coverage">Gegevens tot en met ${dutchDate(dataUpTo)} (de laatste dagtekening van een ontvangen iJw-bericht).</p>`;
  // An ingest that did not finish (or is going on) is said above the figures, not left to be guessed.
  const lag = describeIngestStatus(await ingestStatus(ws), 'nl');
  const lagHtml = lag === undefined ? '' : `<p class="notice" role="status"><strong>Let op:</strong> ${esc(lag)}.</p>\n`;
  const count = (n: number | null) => `<td class="num">${n === null ? '<abbr title="niet getoond: te klein aantal of af te leiden uit andere cijfers">•</abbr>' : n}</td>`;
  // Without data for the year the types are still listed with what the monitor does with each, without a count.
  const messageList = MESSAGE_ORDER.map((t) => ({ messageType: t, ...messageRole(t), messages: monitor ? (monitor.figures.messages.find((m) => m.messageType === t)?.messages ?? 0) : undefined }));
  const messagesHtml = `<table><thead><tr><th>Bericht</th><th>Naam</th><th class="num">Aantal</th><th>Telt mee</th><th>Gebruik in de monitor</th></tr></thead><tbody>
${messageList.map((r) => `<tr><td>${esc(r.messageType)}</td><td>${esc(r.name)}</td>${r.messages === undefined ? '<td class="num">–</td>' : count(r.messages)}<td>${r.inFigures ? 'ja' : 'nee'}</td><td>${esc(r.use)}</td></tr>`).join('\n')}
</tbody></table>`;
  const careName = (c: string) => ws.region.careForms.find((f) => f.category === c)?.name ?? c;
  const cutShortHtml = monitor?.cutShort ? `<p>Cijfers over ${year} tot en met ${dutchDate(periodEnd)}: na die datum zijn geen berichten ontvangen.</p>\n` : '';
  const inCareHead = `In zorg op ${esc(periodEnd.slice(8, 10))}-${esc(periodEnd.slice(5, 7))}`;
  const reachTable = (title: string, rows: readonly PublishedReachRow[], label: (r: PublishedReachRow) => string) => `<table><thead><tr><th>${title}</th><th class="num">Unieke jeugdigen</th><th class="num">Starts</th><th class="num">Stops</th><th class="num">${inCareHead}</th></tr></thead><tbody>
${rows.map((r) => `<tr><td>${esc(label(r))}</td>${count(r.uniqueYouth)}${count(r.starts)}${count(r.stops)}${count(r.inCareEnd)}</tr>`).join('\n')}
</tbody>${(monitor?.figures.reach.total ?? []).map((r) => `<tfoot><tr><th>Regio</th>${count(r.uniqueYouth)}${count(r.starts)}${count(r.stops)}${count(r.inCareEnd)}</tr></tfoot>`).join('')}</table>`;
  const reachHtml =
    monitor === undefined && dataUpTo !== null
      ? `<p>Na ${dutchDate(dataUpTo)} zijn geen berichten ontvangen: over ${year} zijn er nog geen cijfers.</p>`
      : monitor === undefined || (monitor.figures.reach.total ?? []).length === 0
      ? `<p>Nog geen berichtenverkeer over ${year}. Lees iJw-berichten in met <code>jeugdregie ingest &lt;map&gt;</code>.</p>`
      : `${cutShortHtml}<h3>Per gemeente</h3>
${reachTable('Gemeente', monitor.figures.reach.municipality ?? [], (r) => name(r.group.municipality ?? ''))}
<h3>Per zorgvorm</h3>
${reachTable('Zorgvorm', monitor.figures.reach.care_form ?? [], (r) => `${r.group.care_form ?? ''} ${careName(r.group.care_form ?? '')}`)}
<p><small>• = niet getoond: minder dan ${SUPPRESS_BELOW} jeugdigen, of een aantal waaruit zo'n klein aantal af te leiden is (zie docs/decisions.md §36).</small></p>`;
  const regionStops = monitor?.figures.reach.total?.[0]?.stopsByReason ?? {};
  const reasons = Object.entries(regionStops).sort(([a], [b]) => a.localeCompare(b));
  const stopsHtml =
    reasons.length === 0
      ? ''
      : `<h3>Stops ${year} naar reden van beëindiging (hele regio)</h3>
<table><thead><tr><th>Reden</th><th>Omschrijving</th><th class="num">Stops</th></tr></thead><tbody>
${reasons.map(([code, n]) => `<tr><td>${esc(code)}</td><td>${esc(stopReasonLabel(code))}</td>${count(n)}</tr>`).join('\n')}
</tbody></table>`;
  const yearLinks = years.length > 1 ? `<p>Jaar: ${years.map((y) => (y === year ? `<strong>${y}</strong>` : `<a href="/?year=${y}">${y}</a>`)).join(' · ')}</p>` : '';
  const html = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jeugdregie — ${esc(ws.region.name)}</title>
<link rel="stylesheet" href="/jeugdregie.css">
</head>
<body>
<header>
<h1>Jeugdregie — ${esc(ws.region.name)}</h1>
<form method="post" action="/afmelden" class="signout"><input type="hidden" name="_csrf" value="${esc(options.csrfToken ?? '')}"><span>Aangemeld als ${esc(options.login ?? '')} (regio)</span> <button type="submit">Afmelden</button></form>
<p class="lead">Taakgerichte financiering: één lumpsum per aanbieder per jaar, opgebouwd uit de bijdragen van de gemeenten, betaald in twaalf maandtermijnen.</p>
${coverageHtml}
${yearLinks}
</header>
<main>
<h2>Begroting ${year}</h2>
${budgetHtml}
<h2>Lumpsums ${year} per aanbieder en gemeente</h2>
${lumpHtml}
<h2>Betaalschema ${year}</h2>
${payHtml}
<h2>Bereik ${year} (uit het berichtenverkeer)</h2>
${lagHtml}${reachHtml}
${stopsHtml}
<h3>Ontvangen berichten ${year}</h3>
${messagesHtml}
<p><small>Alle bedragen tot op de cent; iedere som is exact. Herkomst van elk bedrag: <code>jeugdregie ledger explain</code> of <a href="/openapi.json">de API</a>.</small></p>
</main>
</body>
</html>
`;
  // Wide tables scroll sideways within the page on a phone instead of widening it.
  return { html: html.replace(/<table>/g, '<div class="scroll"><table>').replace(/<\/table>/g, '</table></div>'), dataUpTo };
}

/** The sign-in page (plain HTML form to /aanmelden); the demo accounts in demo mode; the identity provider's button when configured. */
export function renderSignInPage(
  ws: Workspace,
  options: { demo?: readonly { login: string; password: string; role: string; description: string }[]; oidcName?: string | null; signedInAs?: { login: string; role: string } | null; csrfToken?: string | null; error?: string },
): string {
  const demo = options.demo && options.demo.length > 0
    ? `<h2>Demo-accounts</h2><p>Alleen in de demo: één account per rol.</p>
<table><thead><tr><th>Gebruikersnaam</th><th>Wachtwoord</th><th>Rol</th><th>Wie</th></tr></thead><tbody>
${options.demo.map((a) => `<tr><td><code>${esc(a.login)}</code></td><td><code>${esc(a.password)}</code></td><td>${esc(a.role)}</td><td>${esc(a.description)}</td></tr>`).join('\n')}
</tbody></table>`
    : '';
  const other = options.signedInAs
    ? `<p class="notice">U bent aangemeld als ${esc(options.signedInAs.login)} (rol ${esc(options.signedInAs.role)}). Dit overzicht is voor het regioteam; uw cijfers staan in de API (<a href="/openapi.json">beschrijving</a>) tot de webapplicatie er is.</p>
<form method="post" action="/afmelden"><input type="hidden" name="_csrf" value="${esc(options.csrfToken ?? '')}"><button type="submit">Afmelden</button></form>`
    : '';
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Aanmelden — Jeugdregie ${esc(ws.region.name)}</title>
<link rel="stylesheet" href="/jeugdregie.css">
</head>
<body>
<header><h1>Jeugdregie — ${esc(ws.region.name)}</h1></header>
<main>
${other}
<h2>Aanmelden</h2>
${options.error ? `<p class="notice" role="alert">${esc(options.error)}</p>` : ''}
<form method="post" action="/aanmelden" class="signin">
<p><label for="login">Gebruikersnaam</label><br><input id="login" name="login" autocomplete="username" required maxlength="200"></p>
<p><label for="password">Wachtwoord</label><br><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"></p>
<input type="hidden" name="_csrf" value="${esc(options.csrfToken ?? '')}">
<p><button type="submit">Aanmelden</button></p>
</form>
${options.oidcName ? `<p><a href="/api/oidc/start">Aanmelden via ${esc(options.oidcName)}</a></p>` : ''}
${demo}
<p><small>Machines melden zich aan met een API-token: <code>Authorization: Bearer &lt;token&gt;</code>. De API: <a href="/openapi.json">/openapi.json</a>.</small></p>
</main>
</body>
</html>
`.replace(/<table>/g, '<div class="scroll"><table>').replace(/<\/table>/g, '</table></div>');
}
