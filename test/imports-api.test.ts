// Files through the web [issue 13 "Decisions through the web", "Long work (imports, rebuilds) shows
// progress in the page"]: a budget import runs as a job the page follows, with every problem of a
// refused file on its own Dutch line; the settlement takes the providers' cost file and records the
// CLI's ledger entry, refusals in Dutch; uploads are bounded on their own routes only; all of it in
// the audit log with the viewer as actor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import ExcelJS from 'exceljs';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, TEST_ACCOUNTS, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

type Job = { id: string; kind: string; state: string; done: number; total: number; message: string; result?: { seq: number; years: number[]; totals: { year: number; totalCents: string }[] }; startedBy: string };
type Audit = { kind: string; actor: string; detail: Record<string, unknown> };

const MUNICIPALITIES = ['0358', '0362', '0363', '0384', '0437', '0451'];
const PROVIDERS = Array.from({ length: 20 }, (_, i) => `DEMO${String(i + 1).padStart(2, '0')}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabases)('imports, jobs and settlement through the API on $name', (database) => {
  let served: Served;
  beforeAll(async () => {
    served = await servedWorkspace(database);
  }, 300_000);
  afterAll(async () => served?.close());

  const upload = (url: string, payload: string | Buffer, type = 'text/csv') => served.app.inject({ method: 'POST', url, payload, headers: { 'content-type': type } });
  const audit = async () => (await served.app.inject({ url: '/api/audit?limit=50' })).json() as Audit[];
  /** Follows a job until it ends, as the page does. */
  async function follow(id: string): Promise<Job> {
    for (let i = 0; i < 600; i++) {
      const r = await served.app.inject({ url: `/api/jobs/${id}` });
      expect(r.statusCode, r.body).toBe(200);
      const job = r.json() as Job;
      expect(job.done).toBeLessThanOrEqual(job.total);
      if (job.state !== 'running') return job;
      await sleep(50);
    }
    throw new Error(`job ${id} did not end`);
  }

  it('imports a budget file as a job: 202 at once, progress, then the ledger entry, with the viewer as actor', { timeout: 120_000 }, async () => {
    const csv = 'jaar;gemeente;bedrag_eur\n' + MUNICIPALITIES.map((m, i) => `2031;${m};${(i + 1) * 1_000_000},50`).join('\n') + '\n';
    const r = await upload('/api/imports/budget?filename=begroting-2031.csv&reason=raadsbesluit%2012%20november', csv);
    expect(r.statusCode, r.body).toBe(202);
    const started = r.json() as Job;
    expect(started).toMatchObject({ kind: 'budget-import', state: 'running', done: 0, total: 2, startedBy: TEST_ACCOUNTS.region.login });
    expect(r.headers.location).toBe(`/api/jobs/${started.id}`);
    const done = await follow(started.id);
    expect(done.state, done.message).toBe('done');
    expect(done.done).toBe(2);
    expect(done.message).toMatch(/^vastgelegd als besluit #\d+: 2031 € 21\.000\.003,00$/);
    expect(done.result?.years).toEqual([2031]);
    const ledger = (await served.app.inject({ url: '/api/ledger' })).json() as { seq: number; actor: string; reason: string; decision: { kind: string; source: string } }[];
    expect(ledger.at(-1)).toMatchObject({ seq: done.result!.seq, actor: TEST_ACCOUNTS.region.login, reason: 'raadsbesluit 12 november', decision: { kind: 'budget.import', source: 'begroting-2031.csv' } });
    const budget = (await served.app.inject({ url: '/api/budgets/2031' })).json() as { municipalities: { code: string; amountCents: string }[] };
    expect(budget.municipalities.find((m) => m.code === '0363')?.amountCents).toBe('300000050');
    expect((await audit()).find((e) => e.kind === 'import')).toMatchObject({ actor: TEST_ACCOUNTS.region.login, detail: { kind: 'budget', file: 'begroting-2031.csv', seq: done.result!.seq, years: [2031] } });
  });

  it('imports an XLSX workbook, and fails a job with every problem of a file on its own Dutch line, recording nothing', { timeout: 120_000 }, async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Begroting');
    sheet.addRow(['year', 'municipality', 'amount_cents']);
    for (const m of MUNICIPALITIES) sheet.addRow([2032, m, 123456]);
    const good = Buffer.from(await wb.xlsx.writeBuffer());
    const ok = await follow(((await upload('/api/imports/budget?filename=begroting-2032.xlsx', good, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).json() as Job).id);
    expect(ok.state, ok.message).toBe('done');
    expect(ok.result?.totals).toEqual([{ year: 2032, totalCents: String(6 * 123456) }]);

    const before = ((await served.app.inject({ url: '/api/ledger' })).json() as unknown[]).length;
    // a sheet with a formula and an unknown municipality
    sheet.getCell('C3').value = { formula: 'C2*2', result: 246912 } as ExcelJS.CellFormulaValue;
    sheet.addRow([2032, 'Atlantis', 5]);
    const bad = Buffer.from(await wb.xlsx.writeBuffer());
    // sent as plain bytes without a name: known by its contents
    const failed = await follow(((await upload('/api/imports/budget', bad, 'application/octet-stream')).json() as Job).id);
    expect(failed.state).toBe('failed');
    const lines = failed.message.split('\n');
    expect(lines[0]).toMatch(/^bestand\.xlsx heeft \d+ probleem\/problemen; er is niets geïmporteerd$/);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => /^bestand\.xlsx, blad Begroting, rij 3, kolom .*formule/.test(l))).toBe(true);
    expect(lines.some((l) => /^bestand\.xlsx, blad Begroting, rij 8, kolom municipality: .*Atlantis/.test(l))).toBe(true);
    expect(((await served.app.inject({ url: '/api/ledger' })).json() as unknown[]).length).toBe(before);
    expect((await audit()).find((e) => e.kind === 'import-refused')).toMatchObject({ actor: TEST_ACCOUNTS.region.login, detail: { kind: 'budget', file: 'bestand.xlsx', code: 'IMPORT_REFUSED' } });

    // a CSV with a problem on each of two rows
    const csv = await follow(((await upload('/api/imports/budget?filename=fout.csv', 'year,municipality,amount_eur\n2033,0363,12.345\n2033,9999,1\n')).json() as Job).id);
    expect(csv.message.split('\n')).toEqual([
      'fout.csv heeft 2 probleem/problemen; er is niets geïmporteerd',
      expect.stringMatching(/^fout\.csv, rij 2, kolom amount_eur: "12\.345" /),
      expect.stringMatching(/^fout\.csv, rij 3, kolom municipality: .*9999/),
    ]);
  });

  it('bounds an upload at 10 MB on its own routes only, and says in one line what a body must be', { timeout: 120_000 }, async () => {
    const big = await upload('/api/imports/budget', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41));
    expect([big.statusCode, big.json()]).toEqual([413, expect.objectContaining({ code: 'UPLOAD_TOO_LARGE', detail: 'het bestand is groter dan 10 MB, het meeste dat een upload aanneemt; verdeel de tabel over meer bestanden' })]);
    expect((await upload('/api/decisions/settlement?year=2028', Buffer.alloc(10 * 1024 * 1024 + 1, 0x41))).statusCode).toBe(413);
    // more than the 4 KiB of other routes is fine here (and refused there)
    const padded = 'year,municipality,line,amount_eur\n' + MUNICIPALITIES.flatMap((m) => Array.from({ length: 50 }, (_, i) => `2033,${m},regel-${i},1`)).join('\n') + '\n';
    expect(padded.length).toBeGreaterThan(4096);
    const roomy = await follow(((await upload('/api/imports/budget?filename=ruim.csv', padded)).json() as Job).id);
    expect(roomy.state, roomy.message).toBe('done');
    expect((await served.app.inject({ method: 'POST', url: '/api/decisions/keys', payload: padded, headers: { 'content-type': 'text/csv' } })).statusCode).toBe(413);
    const json = await served.app.inject({ method: 'POST', url: '/api/imports/budget', payload: { year: 2035 } });
    expect([json.statusCode, (json.json() as { code: string }).code]).toEqual([415, 'UPLOAD_MEDIA_TYPE']);
    const form = await upload('/api/imports/budget', '--x\r\n', 'multipart/form-data; boundary=x');
    expect([form.statusCode, (form.json() as { code: string; detail: string }).code]).toEqual([415, 'UPLOAD_MEDIA_TYPE']);
    expect((form.json() as { detail: string }).detail).toMatch(/^de inhoud is multipart\/form-data: stuur het bestand zelf als inhoud/);
    expect(((await upload('/api/imports/budget', '')).json() as { code: string }).code).toBe('UPLOAD_EMPTY');
    const name = await upload('/api/imports/budget?filename=..%2Fetc%2Fbegroting.csv', 'year\n');
    expect([name.statusCode, (name.json() as { code: string }).code]).toEqual([400, 'UPLOAD_NAME_INVALID']);
    const ext = await follow(((await upload('/api/imports/budget?filename=begroting.xls', 'year\n')).json() as Job).id);
    expect(ext.message).toMatch(/begroting\.xls: kan "\.xls"-bestanden niet lezen; sla de tabel op als \.xlsx of als CSV UTF-8/);
  });

  it('answers a too large upload over a real connection with its 413, not a reset', { timeout: 120_000 }, async () => {
    const address = new URL(await served.raw.listen({ port: 0, host: '127.0.0.1' }));
    /**
     * Sends the whole file first and reads the answer only then, as curl and browsers do: a server
     * that closes the connection while the file still comes makes the sender's system drop the
     * answer (a reset), so the person sees a broken connection instead of what was wrong.
     */
    const send = (path: string, bytes: number) =>
      new Promise<string>((resolve) => {
        const socket = net.connect(Number(address.port), address.hostname);
        socket.pause();
        let answer = '';
        const done = (what: string) => {
          socket.destroy();
          resolve(what);
        };
        socket.on('error', (e: NodeJS.ErrnoException) => done(answer.split('\r\n')[0] || (e.code ?? e.message)));
        socket.on('data', (d: Buffer) => {
          answer += d.toString('latin1');
          if (answer.includes('\r\n\r\n')) done(answer.split('\r\n')[0]!);
        });
        socket.on('end', () => done(answer.split('\r\n')[0] || 'closed without an answer'));
        socket.write(`POST ${path} HTTP/1.1\r\nHost: ${address.host}\r\nContent-Type: text/csv\r\nContent-Length: ${bytes}\r\nAuthorization: Bearer ${served.tokens.region}\r\n\r\n`);
        const piece = Buffer.alloc(64 * 1024, 0x41);
        let left = bytes;
        const more = () => {
          while (left > 0) {
            const n = Math.min(left, piece.length);
            left -= n;
            if (!socket.write(piece.subarray(0, n))) return void socket.once('drain', more);
          }
          socket.resume();
        };
        more();
      });
    for (const path of ['/api/imports/budget', '/api/decisions/settlement?year=2028']) expect(await send(path, 11 * 1024 * 1024), path).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('lets only the region import and follow jobs; an unknown job is 404', async () => {
    for (const role of ['municipality', 'provider', 'council'] as const) {
      const r = await served.as(role)({ method: 'POST', url: '/api/imports/budget', payload: 'year\n', headers: { 'content-type': 'text/csv' } } as never);
      expect([r.statusCode, (r.json() as { code: string }).code], role).toEqual([403, 'FORBIDDEN']);
      const j = await served.as(role)({ url: '/api/jobs/00000000-0000-4000-8000-000000000000' } as never);
      expect([j.statusCode, (j.json() as { code: string }).code], role).toEqual([403, 'FORBIDDEN']);
    }
    const unknown = await served.app.inject({ url: '/api/jobs/00000000-0000-4000-8000-000000000000' });
    expect([unknown.statusCode, (unknown.json() as { code: string }).code]).toEqual([404, 'JOB_UNKNOWN']);
    expect((await served.app.inject({ url: '/api/jobs/not-a-job' })).statusCode).toBe(400);
  });

  it('settles a year from the cost file with the rules of the CLI: refusals in Dutch, then the ledger entry', { timeout: 180_000 }, async () => {
    const costs = 'aanbieder;gemeente;kosten_eur\n' + PROVIDERS.flatMap((p) => MUNICIPALITIES.map((m) => `${p};${m};${m === '0358' ? '900.000,00' : '100000'}`)).join('\n') + '\n';
    const settle = (query: string, body: string | Buffer = costs) => upload(`/api/decisions/settlement?year=2028&${query}`, body);
    // not all instalments paid: the rule's Dutch text
    const early = await settle('filename=kosten-2028.csv');
    expect([early.statusCode, early.json()]).toEqual([409, expect.objectContaining({ code: 'SETTLEMENT_NOT_PAID', detail: '2028 is betaald tot en met maand 0; een jaar wordt afgerekend als alle termijnen betaald zijn' })]);
    for (let m = 1; m <= 12; m++) {
      const r = await served.app.inject({ method: 'POST', url: '/api/decisions/payment-run', payload: { month: `2028-${String(m).padStart(2, '0')}` } });
      expect(r.statusCode, r.body).toBe(200);
    }
    // a file with problems: every one, each with its place, in Dutch
    const bad = await settle('filename=kosten-fout.csv', 'provider;municipality;cost_eur\nDEMO01;0363;1.000\nDEMO99;0363;5\n');
    expect(bad.statusCode).toBe(422);
    const problem = bad.json() as { code: string; detail: string; problems: { detail: string; location?: { file: string; row?: number } }[] };
    expect(problem.code).toBe('IMPORT_REFUSED');
    expect(problem.detail).toMatch(/^kosten-fout\.csv heeft 3 probleem\/problemen; er is niets vastgelegd en het jaar is niet afgerekend$/);
    expect(problem.problems.map((p) => p.location?.row ?? null)).toEqual([null, 2, 3]);
    expect(problem.problems[1]!.detail).toMatch(/^kosten-fout\.csv, rij 2, kolom cost_eur: "1\.000" /);
    // a threshold that is no percentage is refused by the query's own check
    expect((await settle('thresholdPct=twee')).statusCode).toBe(400);
    // the settlement
    const ok = await settle('filename=kosten-2028.csv&reason=jaarafsluiting%202028');
    expect(ok.statusCode, ok.body).toBe(200);
    const body = ok.json() as { seq: number; kind: string; result: { year: number; flagged: string[]; totalCostCents: string } };
    expect(body).toMatchObject({ kind: 'settlement', result: { year: 2028, flagged: expect.arrayContaining(['0358']) } });
    expect(body.result.totalCostCents).toBe(String(20n * (90_000_000n + 5n * 10_000_000n)));
    const ledger = (await served.app.inject({ url: '/api/ledger' })).json() as { seq: number; actor: string; reason: string; decision: { kind: string; thresholdPct: string; costs: { provider: string; municipality: string; costCents: string }[] } }[];
    const entry = ledger.find((e) => e.seq === body.seq)!;
    expect(entry).toMatchObject({ actor: TEST_ACCOUNTS.region.login, reason: 'jaarafsluiting 2028', decision: { kind: 'settlement', thresholdPct: '2' } });
    expect(entry.decision.costs.length).toBe(120);
    expect(entry.decision.costs).toContainEqual({ provider: 'DEMO07', municipality: '0358', costCents: '90000000' });
    // once settled: refused
    const again = await settle('');
    expect([again.statusCode, (again.json() as { code: string }).code]).toEqual([409, 'YEAR_SETTLED']);
    for (const role of ['municipality', 'provider', 'council'] as const) {
      const r = await served.as(role)({ method: 'POST', url: '/api/decisions/settlement?year=2028', payload: costs, headers: { 'content-type': 'text/csv' } } as never);
      expect([r.statusCode, (r.json() as { code: string }).code], role).toEqual([403, 'FORBIDDEN']);
    }
    const log = await audit();
    expect(log.find((e) => e.kind === 'decision' && e.detail.kind === 'settlement')).toMatchObject({ actor: TEST_ACCOUNTS.region.login, detail: { seq: body.seq } });
    expect(log.filter((e) => e.kind === 'decision-refused' && e.detail.kind === 'settlement').map((e) => e.detail.code)).toEqual(['YEAR_SETTLED', 'IMPORT_REFUSED', 'SETTLEMENT_NOT_PAID']);
  });
});
