// Decisions through the API [issue 13 "Decisions through the web"]: the region role records them with
// the CLI's rules and ledger entries; a refusal says why in Dutch; the answer carries the ledger
// entry and the explanation of the new figure; both are in the audit log, with the viewer as actor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { servedWorkspace, TEST_ACCOUNTS, type Served } from './support/api-server.ts';

afterAll(dropTestSchemas);

describe.each(testDatabases)('decisions through the API on $name', (database) => {
  let served: Served;
  beforeAll(async () => {
    served = await servedWorkspace(database);
  });
  afterAll(async () => served?.close());
  const post = (url: string, payload: object) => served.app.inject({ method: 'POST', url, payload });

  it('records an adjustment refused by the rules and then accepted, with its explanation, in the ledger and the audit log', async () => {
    const base = { provider: 'DEMO03', year: 2028, deltaCents: '25000000', reason: 'nieuwbouw Sluisbuurt', date: '2028-02-10' };
    const refused = await post('/api/decisions/adjustment', base);
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    const problem = refused.json() as { code: string; detail: string };
    expect(problem.code).toBe('ADJUSTMENT_REASON_REQUIRED');
    expect(problem.detail).toMatch(/omstandigheid|reden/i);
    // past the contract value: refused without an approval, accepted with one
    expect((await post('/api/decisions/adjustment', { ...base, upwardReason: 'autonome-groei' })).json()).toMatchObject({ code: 'ADJUSTMENT_EXCEEDS_CONTRACT_VALUE' });
    const ok = await post('/api/decisions/adjustment', { ...base, upwardReason: 'autonome-groei', approval: 'AB-besluit 2028-14' });
    expect(ok.statusCode, ok.body).toBe(200);
    const body = ok.json() as { seq: number; kind: string; result: { newLumpSumCents: string }; explanation: { amountCents: string; steps: { text: string }[] } };
    expect(body.kind).toBe('adjustment');
    expect(body.explanation.amountCents).toBe(body.result.newLumpSumCents);
    expect(body.explanation.steps.length).toBeGreaterThan(1);
    // once a year per provider: again is refused
    expect((await post('/api/decisions/adjustment', { ...base, upwardReason: 'autonome-groei', approval: 'AB-besluit 2028-14' })).json()).toMatchObject({ code: 'ADJUSTMENT_ALREADY_MADE' });
    const ledger = (await served.app.inject({ url: '/api/ledger' })).json() as { seq: number; actor: string }[];
    expect(ledger.find((e) => e.seq === body.seq)?.actor).toBe(TEST_ACCOUNTS.region.login);
    const log = (await served.app.inject({ url: '/api/audit?limit=20' })).json() as { kind: string; actor: string; detail: { seq?: number; code?: string } }[];
    expect(log.find((e) => e.kind === 'decision')).toMatchObject({ actor: TEST_ACCOUNTS.region.login, detail: { seq: body.seq } });
    expect(log.filter((e) => e.kind === 'decision-refused').map((e) => e.detail.code)).toEqual(['ADJUSTMENT_ALREADY_MADE', 'ADJUSTMENT_EXCEEDS_CONTRACT_VALUE', 'ADJUSTMENT_REASON_REQUIRED']);
  });

  it('records payment runs in order, keys and an allocation; other roles are refused', async () => {
    expect((await post('/api/decisions/payment-run', { month: '2028-02' })).json()).toMatchObject({ code: 'PAYMENT_RUN_INVALID' });
    expect((await post('/api/decisions/payment-run', { month: '2028-01' })).json()).toMatchObject({ kind: 'payment.run' });
    expect((await post('/api/decisions/payment-run', { month: '2028-13' })).statusCode).toBe(400);
    expect((await post('/api/decisions/allocation', { year: 2029 })).json()).toMatchObject({ kind: 'allocation' });
    const keys = { '0358': '22', '0362': '68', '0363': '856', '0384': '19', '0437': '9', '0451': '26' };
    expect((await post('/api/decisions/keys', { year: 2030, basis: 'bereik 2028', keys })).json()).toMatchObject({ kind: 'keys.set' });
    for (const role of ['municipality', 'provider', 'council'] as const) {
      const r = await served.as(role)({ method: 'POST', url: '/api/decisions/payment-run', payload: { month: '2028-02' } } as never);
      expect([r.statusCode, (r.json() as { code: string }).code], role).toEqual([403, 'FORBIDDEN']);
    }
  });
});
