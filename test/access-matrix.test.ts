// Who may call what, walked from the route table itself [issue 13]: every route × every role (and no
// one signed in). A route's declared access says what to expect; the use case behind it must enforce
// it (the HTTP layer only authenticates). A route added without a sample here, or without an access
// policy, fails this test or the build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredRoutes, buildServer } from '../src/api/server.ts';
import { addAccount } from '../src/app/accounts.ts';
import { may } from '../src/domain/access/policy.ts';
import { operator, ROLES, type Role } from '../src/domain/access/viewer.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, TEST_ACCOUNTS, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

let made = 0;
/** A request each route can answer for an allowed viewer (given anew per call: some create things). */
const SAMPLES: Record<string, () => { url: string; payload?: object | string; headers?: Record<string, string> }> = {
  'GET /openapi.json': () => ({ url: '/openapi.json' }),
  'GET /*': () => ({ url: '/clienten?periode=2028' }),
  'GET /assets/*': () => ({ url: '/assets/none.js' }),
  'GET /api/health': () => ({ url: '/api/health' }),
  'GET /api/demo-accounts': () => ({ url: '/api/demo-accounts' }),
  'GET /api/oidc': () => ({ url: '/api/oidc' }),
  'GET /api/oidc/start': () => ({ url: '/api/oidc/start' }),
  'GET /api/oidc/callback': () => ({ url: '/api/oidc/callback?code=x&state=y' }),
  'POST /api/session': () => ({ url: '/api/session', payload: { login: 'nobody', password: 'wrong password' } }),
  'GET /api/session': () => ({ url: '/api/session' }),
  'DELETE /api/session': () => ({ url: '/api/session' }),
  'POST /api/session/everywhere': () => ({ url: '/api/session/everywhere' }),
  'POST /api/account/password': () => ({ url: '/api/account/password', payload: { current: 'wrong password', next: 'a long enough new password' } }),
  'GET /api/account/tokens': () => ({ url: '/api/account/tokens' }),
  'POST /api/account/tokens': () => ({ url: '/api/account/tokens', payload: { label: 'matrix' } }),
  'DELETE /api/account/tokens/:id': () => ({ url: '/api/account/tokens/999999' }),
  'GET /api/accounts': () => ({ url: '/api/accounts' }),
  'POST /api/accounts': () => ({ url: '/api/accounts', payload: { login: `matrix-${++made}`, role: 'council', municipality: '0363' } }),
  'POST /api/accounts/:login/disable': () => ({ url: '/api/accounts/victim/disable' }),
  'GET /api/audit': () => ({ url: '/api/audit?limit=5' }),
  'GET /api/region': () => ({ url: '/api/region' }),
  'GET /api/budgets/:year': () => ({ url: '/api/budgets/2028' }),
  'GET /api/lumpsums/:year': () => ({ url: '/api/lumpsums/2028' }),
  'GET /api/payments/:year': () => ({ url: '/api/payments/2028' }),
  'GET /api/ledger': () => ({ url: '/api/ledger' }),
  'GET /api/explain': () => ({ url: '/api/explain?provider=DEMO01&year=2028' }),
  'POST /api/decisions/allocation': () => ({ url: '/api/decisions/allocation', payload: { year: 2029 } }),
  'POST /api/decisions/payment-run': () => ({ url: '/api/decisions/payment-run', payload: { month: '2028-01' } }),
  'POST /api/decisions/adjustment': () => ({ url: '/api/decisions/adjustment', payload: { provider: 'DEMO03', year: 2028, deltaCents: '100', reason: 'matrix', upwardReason: 'autonome-groei', date: '2028-02-01' } }),
  'POST /api/decisions/keys': () => ({ url: '/api/decisions/keys', payload: { year: 2030, basis: 'matrix', keys: { '0358': '1', '0362': '1', '0363': '1', '0384': '1', '0437': '1', '0451': '1' } } }),
  'POST /api/decisions/settlement': () => ({ url: '/api/decisions/settlement?year=2028', payload: 'provider,municipality,cost_eur\nDEMO01,0363,100\n', headers: { 'content-type': 'text/csv' } }),
  'POST /api/imports/budget': () => ({ url: '/api/imports/budget?filename=matrix.csv', payload: 'year,municipality,amount_eur\n2031,0363,1000\n', headers: { 'content-type': 'text/csv' } }),
  'GET /api/jobs/:id': () => ({ url: '/api/jobs/00000000-0000-4000-8000-000000000000' }),
  'GET /api/export/reach': () => ({ url: '/api/export/reach?period=2028&by=municipality&format=csv' }),
  'GET /api/export/trend': () => ({ url: '/api/export/trend?periods=2028&by=municipality&format=csv' }),
  'GET /api/export/waiting': () => ({ url: '/api/export/waiting?period=2028&by=municipality&format=xlsx' }),
  'GET /api/export/timeliness': () => ({ url: '/api/export/timeliness?period=2028&by=municipality&format=csv' }),
  'GET /api/export/messages': () => ({ url: '/api/export/messages?period=2028&format=csv' }),
  'GET /api/export/lumpsums': () => ({ url: '/api/export/lumpsums?year=2028&format=xlsx' }),
  'GET /api/export/payments': () => ({ url: '/api/export/payments?year=2028&format=csv' }),
  'GET /api/export/budgets': () => ({ url: '/api/export/budgets?year=2028&format=csv' }),
  'GET /api/export/ledger': () => ({ url: '/api/export/ledger?format=csv' }),
  'GET /api/export/coverage': () => ({ url: '/api/export/coverage?half=2028-H1&format=csv' }),
  'GET /api/export/outcomes': () => ({ url: '/api/export/outcomes?year=2028&format=xlsx' }),
  'GET /api/monitor/coverage': () => ({ url: '/api/monitor/coverage' }),
  'GET /api/monitor/reach': () => ({ url: '/api/monitor/reach?period=2028&by=municipality' }),
  'GET /api/monitor/waiting': () => ({ url: '/api/monitor/waiting?period=2028&by=municipality' }),
  'GET /api/monitor/messages': () => ({ url: '/api/monitor/messages?period=2028' }),
  'GET /api/monitor/timeliness': () => ({ url: '/api/monitor/timeliness?period=2028&by=municipality' }),
  'GET /api/reports/council': () => ({ url: '/api/reports/council?municipality=0384&half=2028-H1&format=html' }),
  'GET /api/financial-reports/template': () => ({ url: '/api/financial-reports/template?provider=DEMO01&year=2028&report=M4' }),
  'POST /api/financial-reports': () => ({ url: '/api/financial-reports?filename=matrix.csv', payload: 'provider,year,period,care_form,cost_eur,forecast_year_eur\nDEMO01,2028,M4,32,100,300\n', headers: { 'content-type': 'text/csv' } }),
  'GET /api/financial-reports': () => ({ url: '/api/financial-reports?year=2028' }),
  'GET /api/utilisation': () => ({ url: '/api/utilisation?year=2028&report=M8' }),
  'POST /api/signals/status': () => ({ url: '/api/signals/status', payload: { signal: '2028|M8|DEMO01|late_report', status: 'closed' } }),
  'GET /api/keys/proposal': () => ({ url: '/api/keys/proposal?year=2029&method=budget' }),
  'POST /api/decisions/keys-from-proposal': () => ({ url: '/api/decisions/keys-from-proposal', payload: { year: 2030, method: 'budget' } }),
  'POST /api/decisions/settlement-from-reports': () => ({ url: '/api/decisions/settlement-from-reports', payload: { year: 2028 } }),
  'GET /api/outlook': () => ({ url: '/api/outlook' }),
  'GET /api/bij/template': () => ({ url: '/api/bij/template?format=csv' }),
  'POST /api/bij': () => ({ url: '/api/bij?provider=DEMO01&half=2028-H1&filename=matrix.csv', payload: 'bsn,birth_date\n', headers: { 'content-type': 'text/csv' } }),
  'GET /api/bij/deliveries': () => ({ url: '/api/bij/deliveries' }),
  'GET /api/bij/mirror': () => ({ url: '/api/bij/mirror?half=2028-H1&provider=DEMO01' }),
  'GET /api/coverage': () => ({ url: '/api/coverage?half=2028-H1&by=provider' }),
  'GET /api/outcomes': () => ({ url: '/api/outcomes?year=2028&by=provider' }),
  'GET /api/goals': () => ({ url: '/api/goals' }),
  'GET /api/national': () => ({ url: '/api/national?year=2028&half=H1' }),
  'GET /api/under-serving': () => ({ url: '/api/under-serving?provider=DEMO01&half=2028-H1' }),
  'GET /api/tenders': () => ({ url: '/api/tenders' }),
  'GET /api/tenders/:id': () => ({ url: '/api/tenders/AA-2028' }),
  'GET /api/tenders/:id/assessor': () => ({ url: '/api/tenders/AA-2028/assessor' }),
  'POST /api/tenders/:id/scores': () => ({ url: '/api/tenders/AA-2028/scores', payload: { scores: [{ bidder: 'DEMO01', criterion: 'tech', value: 7 }] } }),
  'POST /api/tenders/:id/import': () => ({ url: '/api/tenders/AA-2028/import?filename=matrix.csv', payload: 'bidder,kind,item,assessor,value,reason\nDEMO01,requirement,integriteit,,ja,x\n', headers: { 'content-type': 'text/csv' } }),
  'POST /api/tenders/:id/draw': () => ({ url: '/api/tenders/AA-2028/draw', payload: { order: ['DEMO20', 'DEMO21'], witness: 'matrix' } }),
  'POST /api/tenders/:id/intend': () => ({ url: '/api/tenders/AA-2028/intend', payload: {} }),
  'POST /api/tenders/:id/objections': () => ({ url: '/api/tenders/AA-2028/objections', payload: { bidder: 'DEMO21', text: 'matrix' } }),
  'POST /api/tenders/:id/objection-outcome': () => ({ url: '/api/tenders/AA-2028/objection-outcome', payload: { objection: 6, outcome: 'rejected', reason: 'matrix' } }),
  'POST /api/tenders/:id/award': () => ({ url: '/api/tenders/AA-2028/award', payload: {} }),
  'POST /api/tenders/:id/withdraw': () => ({ url: '/api/tenders/AA-2028/withdraw', payload: { bidder: 'DEMO05' } }),
  'GET /api/tenders/:id/coverage': () => ({ url: '/api/tenders/AA-2028/coverage' }),
  'GET /api/tenders/:id/distribution': () => ({ url: '/api/tenders/AA-2028/distribution?basis=mix:50' }),
  'POST /api/tenders/:id/distribution': () => ({ url: '/api/tenders/AA-2028/distribution', payload: { basis: 'capacity' } }),
  'GET /api/tenders/:id/plan': () => ({ url: '/api/tenders/AA-2028/plan?year=2029' }),
  'GET /api/tenders/:id/documents/proces-verbaal': () => ({ url: '/api/tenders/AA-2028/documents/proces-verbaal?format=html' }),
  'GET /api/tenders/:id/documents/notice': () => ({ url: '/api/tenders/AA-2028/documents/notice?bidder=DEMO21&format=pdf' }),
  'GET /api/tender-outcomes': () => ({ url: '/api/tender-outcomes' }),
  'GET /api/tender-outcomes/:id/notice': () => ({ url: '/api/tender-outcomes/AA-2028/notice' }),
};

/** Answers that say "not you": the ones the matrix is about. */
const DENIED = new Set(['NOT_SIGNED_IN', 'TOKEN_INVALID', 'FORBIDDEN', 'CSRF_MISSING', 'PASSWORD_CHANGE_REQUIRED']);

describe.each(testDatabases)('role × route on $name', (database) => {
  let served: Served;
  beforeAll(async () => {
    // in demo mode: every route there is
    served = await servedWorkspace(database, undefined, { demo: true });
    await addAccount(operator('matrix'), served.ws, { login: 'victim', role: 'council', municipality: '0363' });
  });
  afterAll(async () => served?.close());

  it('has a sample request for every route, and every route an access policy', () => {
    const routes = registeredRoutes(served.raw).filter((r) => r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.map((r) => `${r.method} ${r.url}`).filter((k) => !(k in SAMPLES))).toEqual([]);
  });

  it('answers every route as its policy says, for no one and for every role', { timeout: 300_000 }, async () => {
    const wrong: string[] = [];
    for (const route of registeredRoutes(served.raw).filter((r) => r.method !== 'HEAD')) {
      const key = `${route.method} ${route.url}`;
      for (const who of ['nobody', ...ROLES] as const) {
        const sample = SAMPLES[key]!();
        const inject = who === 'nobody' ? served.raw.inject.bind(served.raw) : served.as(who);
        const r = await inject({ method: route.method, url: sample.url, ...(sample.payload ? { payload: sample.payload } : {}), ...(sample.headers ? { headers: sample.headers } : {}) } as never);
        const code = r.headers['content-type']?.toString().includes('problem+json') ? (r.json() as { code?: string }).code : undefined;
        const allowed = route.access === 'public' || (who !== 'nobody' && may({ ...TEST_ACCOUNTS[who as Role], role: who } as never, route.access));
        const expected = allowed ? 'allowed' : who === 'nobody' ? 'NOT_SIGNED_IN' : 'FORBIDDEN';
        const got = code !== undefined && DENIED.has(code) ? code : r.statusCode >= 500 ? `error ${r.statusCode}` : 'allowed';
        if (got !== expected) wrong.push(`${key} as ${who}: expected ${expected}, got ${got} (${r.statusCode} ${r.body.slice(0, 160)})`);
        if (who === 'nobody' && !allowed) expect(r.statusCode).toBe(401);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses to build a server with a route that declares no access policy', async () => {
    const app = await buildServer(served.ws);
    expect(() => app.get('/api/forgotten', async () => ({}))).toThrow(/declares no access policy/);
    await app.close();
  });
});
