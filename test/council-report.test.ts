// The council report [issue 13 "The council report"]: its figures are the council's (equal to what
// the council's API answers for the same half year, no count of 1–4 young people), the same data
// give the same PDF, the college's comment is escaped, the web route answers per role as policy.ts
// says and writes an export to the audit log, and the command line refuses in one line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportCouncilReport } from '../src/app/council-report.ts';
import { markdownHtml } from '../src/app/reports/council-report-html.ts';
import { addAccount, issueToken } from '../src/app/accounts.ts';
import { operator } from '../src/domain/access/viewer.ts';
import { parseHalfYear } from '../src/domain/reports/half-year.ts';
import { parseMarkdown } from '../src/domain/reports/markdown.ts';
import { Refusal } from '../src/domain/errors.ts';
import { main } from '../src/cli/main.ts';
import { councilReportHref, councilReportLinks, reportableHalves } from '../web/src/council-report-link.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { demoTraffic, servedWorkspace, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

describe('half years and the comment', () => {
  it('reads YYYY-H1 and YYYY-H2 and refuses anything else', () => {
    expect(parseHalfYear('2028-H1').period).toEqual({ from: '2028-01-01', to: '2028-06-30' });
    expect(parseHalfYear('2029-H2').period).toEqual({ from: '2029-07-01', to: '2029-12-31' });
    for (const bad of ['2028', '2028-H3', '2028-Q1', '2028-h1', '28-H1', '2028-H1x', '', '0000-H1']) {
      expect(() => parseHalfYear(bad), bad).toThrow(Refusal);
    }
  });

  it('reads headings, paragraphs and lists, and drops the markers of strong emphasis', () => {
    expect(parseMarkdown('# Titel\n\nEen **zin**\nloopt door.\n\n- een\n- twee\n  verder\n\n1. eerst\n2) dan\n\n### Klein ###')).toEqual([
      { kind: 'heading', level: 1, text: 'Titel' },
      { kind: 'paragraph', text: 'Een zin loopt door.' },
      { kind: 'list', ordered: false, items: ['een', 'twee verder'] },
      { kind: 'list', ordered: true, items: ['eerst', 'dan'] },
      { kind: 'heading', level: 3, text: 'Klein' },
    ]);
  });

  it('writes no markup of its own from any comment: every < in the HTML opens one of its own tags', () => {
    const own = /^<\/?(h3|h4|p|ul|ol|li)>/;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", '#', '-', '*', '1', '.', ' ', '\n', 'a', 's', 'c', 'r', 'i', 'p', 't', '/', '=') }), (text) => {
        const html = markdownHtml(parseMarkdown(text));
        for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) expect(html.slice(i)).toMatch(own);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the web application's link to the report", () => {
  it('points at the route with the query the route reads, and offers only half years the data cover to their end', () => {
    expect(councilReportHref('0384', '2028-H1')).toBe('/api/reports/council?municipality=0384&half=2028-H1&format=pdf');
    expect(councilReportLinks('0384', '2028-H2').map((l) => [l.href.endsWith('format=html') || l.href.endsWith('format=pdf'), l.fileName])).toEqual([
      [true, 'raadsrapportage-0384-2028-H2.pdf'],
      [true, 'raadsrapportage-0384-2028-H2.html'],
    ]);
    expect(reportableHalves(2028, null)).toEqual([]);
    expect(reportableHalves(2028, '2028-06-29')).toEqual([]);
    expect(reportableHalves(2028, '2028-06-30')).toEqual(['2028-H1']);
    // the demo's data end on Friday 29 December 2028: its second half year is over (its last working day)
    expect(reportableHalves(2028, '2028-12-29')).toEqual(['2028-H2', '2028-H1']);
    expect(reportableHalves(2028, '2029-12-31')).toEqual(['2029-H2', '2029-H1', '2028-H2', '2028-H1']);
  });
});

type Row = Record<string, unknown>;
/** Every figure cell of the report's HTML: data-key → data-value (null: hidden). */
function figuresOf(html: string): Map<string, string | null> {
  const cells = new Map<string, string | null>();
  for (const m of html.matchAll(/data-key="([^"]*)" data-value="([^"]*)"/g)) cells.set(m[1]!, m[2] === '' ? null : m[2]!);
  return cells;
}
const COUNT_KEY = /^(reach\.(total|theme|care_form)\..*\.(uniqueYouth|starts|stops|inCareEnd)|reach\.stops\..*|waiting\..*\.count|timeliness\..*\.(requests|retroactiveRequests|startMessages|lateStartMessages|stopMessages|lateStopMessages|assignmentsWithoutStart))$/;

describe.each(testDatabases)('the council report on $name', (database) => {
  let served: Served;
  const tokens: Record<string, string> = {};
  const as = (login: string) => (url: string) => served.raw.inject({ url, headers: { authorization: `Bearer ${tokens[login]}` } });
  beforeAll(async () => {
    served = await servedWorkspace(database, await demoTraffic('2028-01-01', '2028-07-31', 5));
    for (const [login, spec] of [
      ['raad', { role: 'council', municipality: '0362' }],
      ['gem', { role: 'municipality', municipality: '0362' }],
    ] as const) {
      await addAccount(operator('t'), served.ws, { login, ...spec, password: 'a long test password' });
      tokens[login] = (await issueToken(operator('t'), served.ws, login)).token;
    }
  }, 300_000);
  afterAll(async () => served?.close());

  it("holds the council's figures: equal to its API answers for the half year, never a count of 1–4", { timeout: 300_000 }, async () => {
    const { files } = await exportCouncilReport(operator('t'), served.ws, { municipality: '0362', half: '2028-H1' }, ['html']);
    const report = figuresOf(files[0]!.bytes.toString('utf8'));
    // what the council's browser is answered
    const get = async (url: string) => {
      const r = await as('raad')(url);
      expect(r.statusCode, url).toBe(200);
      return r.json() as Row[];
    };
    const expected = new Map<string, unknown>();
    const who = (r: Row) => String(r.municipality);
    for (const [by, key] of [
      ['municipality', 'total'],
      ['municipality,theme', 'theme'],
      ['municipality,care_form', 'care_form'],
    ] as const) {
      const dim = key === 'theme' ? 'theme' : key === 'care_form' ? 'care_form' : undefined;
      for (const r of await get(`/api/monitor/reach?period=2028-H1&by=${by}`)) {
        const at = `reach.${key}.${who(r)}${dim ? `.${String(r[dim])}` : ''}`;
        for (const m of ['uniqueYouth', 'starts', 'stops', 'inCareEnd']) expected.set(`${at}.${m}`, r[m]);
        if (key === 'total') for (const [code, n] of Object.entries(r.stopsByReason as Record<string, number | null>)) expected.set(`reach.stops.${who(r)}.${code}`, n);
      }
      for (const r of await get(`/api/monitor/waiting?period=2028-H1&by=${by}`)) {
        const at = `waiting.${key}.${who(r)}${dim ? `.${String(r[dim])}` : ''}`;
        for (const w of ['requestToAssignment', 'assignmentToStart'] as const) {
          const s = r[w] as { count: number; median: number | null; p80: number | null } | null;
          expected.set(`${at}.${w}.count`, s === null ? null : s.count);
          expected.set(`${at}.${w}.median`, s === null ? null : s.median);
          expected.set(`${at}.${w}.p80`, s === null ? null : s.p80);
        }
      }
    }
    for (const r of await get('/api/monitor/timeliness?period=2028-H1&by=municipality')) {
      for (const [k, v] of Object.entries(r)) if (k !== 'municipality' && k !== 'suppressed' && k !== 'retroactiveSharePct' && k !== 'retroactiveDaysBackMax') expected.set(`timeliness.${who(r)}.${k}`, v);
    }
    const budget = (await served.raw.inject({ url: '/api/budgets/2028', headers: { authorization: `Bearer ${tokens.raad}` } })).json() as { municipalities: { code: string; amountCents: string }[]; totalCents: string };
    expected.set('money.budget.0362', budget.municipalities.find((m) => m.code === '0362')!.amountCents);
    expected.set('money.budget.region', budget.totalCents);
    const sums = (await served.raw.inject({ url: '/api/lumpsums/2028', headers: { authorization: `Bearer ${tokens.raad}` } })).json() as { municipality: string; amountCents: string }[];
    expected.set('money.contribution.0362', String(sums.filter((s) => s.municipality === '0362').reduce((t, s) => t + BigInt(s.amountCents), 0n)));

    const differences: string[] = [];
    let compared = 0;
    for (const [key, value] of report) {
      if (key.startsWith('money.') && !expected.has(key)) continue;
      // no row in the API: nothing counted (0), no statistic
      const want = expected.has(key) ? expected.get(key) : /\.(median|p80|retroactiveDaysBackMedian)$/.test(key) ? null : 0;
      const got = value === null ? null : key.startsWith('money.') ? value : Number(value);
      if (got !== (want === null ? null : key.startsWith('money.') ? String(want) : want)) differences.push(`${key}: report ${String(value)}, API ${String(want)}`);
      compared++;
    }
    expect(differences).toEqual([]);
    // every figure the council's API gives is in the report, but those its tables per theme and care
    // form leave out (in care at the end; the wait for an assignment beyond its own median)
    const leftOut = /^(reach\.(theme|care_form)\..*\.inCareEnd|waiting\.(theme|care_form)\..*\.requestToAssignment\.(count|p80)|waiting\.(theme|care_form)\.REST\..*\.requestToAssignment\.median)$/;
    expect([...expected.keys()].filter((k) => !leftOut.test(k) && !report.has(k))).toEqual([]);
    expect(compared).toBeGreaterThan(100);
    // never a count of 1–4, own figures included (a council's figures are public), and some hidden
    const counts = [...report].filter(([k]) => COUNT_KEY.test(k));
    expect(counts.length).toBeGreaterThan(50);
    expect(counts.filter(([, v]) => v !== null && Number(v) >= 1 && Number(v) <= 4)).toEqual([]);
    expect(counts.some(([, v]) => v === null)).toBe(true);
    expect(counts.some(([k, v]) => k.includes('.REST.') && v !== null && Number(v) >= 5)).toBe(true);
  });

  it('gives the same bytes for the same data, dated from the data, and escapes the comment in the HTML', { timeout: 300_000 }, async () => {
    const comment = '# Reactie\n\nHet college <script>alert("x")</script> & <img src=x onerror=alert(1)> **let op**.\n\n- punt één\n- punt twee';
    const once = await exportCouncilReport(operator('t'), served.ws, { municipality: '0362', half: '2028-H1', comment }, ['pdf', 'html']);
    const again = await exportCouncilReport(operator('t'), served.ws, { municipality: '0362', half: '2028-H1', comment }, ['pdf', 'html']);
    const [pdf, html] = once.files;
    expect(pdf!.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf!.bytes.equals(again.files[0]!.bytes)).toBe(true);
    expect(html!.bytes.equals(again.files[1]!.bytes)).toBe(true);
    // the document's date is the data's last day, not the clock
    const text = pdf!.bytes.toString('latin1');
    expect(text).toContain('(D:20280731000000Z)');
    expect(text).not.toContain(`(D:${new Date().getUTCFullYear()}`);
    expect(once.report.asOf).toBe('2028-07-31');
    const page = html!.bytes.toString('utf8');
    expect(page).toContain('Het college &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt; let op.');
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('<h3>Reactie</h3>');
    expect(page).toContain('<ul><li>punt één</li><li>punt twee</li></ul>');
    // another comment, another PDF
    const other = await exportCouncilReport(operator('t'), served.ws, { municipality: '0362', half: '2028-H1', comment: 'Iets anders.' }, ['pdf']);
    expect(other.files[0]!.bytes.equals(pdf!.bytes)).toBe(false);
  });

  it('answers the web route per role: the region any municipality, a municipality and its council their own; an export in the audit log', { timeout: 300_000 }, async () => {
    // the address the web application links to
    const url = (m: string, format: 'pdf' | 'html' = 'pdf') => councilReportHref(m, '2028-H1', format);
    const region = await served.app.inject({ url: url('0362') });
    expect(region.statusCode).toBe(200);
    expect(region.headers['content-type']).toBe('application/pdf');
    expect(region.headers['content-disposition']).toBe('attachment; filename="raadsrapportage-0362-2028-H1.pdf"');
    expect(region.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const own = await as('raad')(url('0362', 'html'));
    expect([own.statusCode, own.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(own.body).toContain('<html lang="nl">');
    expect((await as('gem')(url('0362'))).statusCode).toBe(200);
    for (const [who, m] of [
      ['raad', '0363'],
      ['gem', '0384'],
    ] as const) {
      const r = await as(who)(url(m));
      expect([r.statusCode, (r.json() as { code: string }).code], `${who} ${m}`).toEqual([403, 'FORBIDDEN']);
    }
    expect((await served.as('provider')({ url: url('0362') } as never)).statusCode).toBe(403);
    expect((await served.raw.inject({ url: url('0362') })).statusCode).toBe(401);
    // refusals in one problem each
    for (const [u, status, code] of [
      ['/api/reports/council?municipality=0362&half=2028-H3', 400, 'REPORT_HALF_INVALID'],
      ['/api/reports/council?municipality=0362&half=2027-H1', 404, 'REPORT_NO_DATA'],
      ['/api/reports/council?municipality=9999&half=2028-H1', 404, 'UNKNOWN_MUNICIPALITY'],
      ['/api/reports/council?municipality=0362&half=2028-H1&format=docx', 400, undefined],
    ] as const) {
      const r = await served.app.inject({ url: u });
      expect(r.statusCode, u).toBe(status);
      if (code) expect((r.json() as { code: string }).code, u).toBe(code);
    }
    const log = (await served.app.inject({ url: '/api/audit?limit=50' })).json() as { kind: string; actor: string | null; detail: Record<string, unknown> }[];
    const exports = log.filter((e) => e.kind === 'export');
    expect(exports.map((e) => e.actor)).toEqual(expect.arrayContaining(['team', 'raad', 'gem']));
    expect(exports.find((e) => e.actor === 'raad')?.detail).toMatchObject({ what: 'council-report', municipality: '0362', half: '2028-H1', formats: ['html'] });
  });
});

describe('jeugdregie report council', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-report-'));
  const saved = { ...process.env };
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  }
  beforeAll(async () => {
    process.env.JEUGDREGIE_DATA_DIR = path.join(dir, 'data');
    delete process.env.DATABASE_URL;
    process.env.JEUGDREGIE_USER = 'cli-report';
    expect((await run('init', '--region', 'amsterdam-amstelland', '--demo')).code).toBe(0);
  }, 60_000);
  afterAll(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unknown municipality, a half that is not YYYY-H1/H2 and a half without data, each in one line with a non-zero exit', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'r.pdf');
    for (const [argv, pattern] of [
      [['--municipality', '0384', '--half', '2028-H3'], /not a half year; write YYYY-H1/],
      [['--municipality', '0384', '--half', '2028'], /not a half year/],
      [['--municipality', '9999', '--half', '2028-H1'], /municipality 9999 is not in region amsterdam-amstelland/],
      [['--municipality', '0384', '--half', '2028-H1'], /no figures for 2028-H1: no iJw messages have been received yet/],
      [['--municipality', '0384', '--half', '2028-H1', '--comment', path.join(dir, 'missing.md')], /missing\.md does not exist/],
    ] as const) {
      const r = await run('report', 'council', ...argv, '--out', out);
      expect(r.code, argv.join(' ')).not.toBe(0);
      expect(r.err.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err, argv.join(' ')).toMatch(pattern);
      expect(r.err).not.toMatch(/^\s+at /m);
    }
    expect(fs.existsSync(out)).toBe(false);
  });
});
