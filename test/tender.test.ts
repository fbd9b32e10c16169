// The tender as a record [issue 16] on both databases: the whole procedure through the use cases with
// every step out of order refused (a tie across the boundary without a draw, an objection after the
// standstill, the final selection before its end or with an objection unanswered), a withdrawal
// drawn from the waiting room in rank order, the distribution that becomes the allocation with its
// ledger reference; the assessors' independence (scores hidden until all have scored — in the sheet,
// the record and the ledger as others read it); a bidder seeing its own outcome only; an upheld
// objection that reopens the record.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { initWorkspace, openWorkspace, type Workspace } from '../src/app/workspace.ts';
import {
  acceptDistribution,
  assessorSheet,
  awardTender,
  decideObjection,
  defineTender,
  importCapacities,
  importTenderFile,
  intendSelection,
  listTenders,
  ownTenderOutcomes,
  recordDraw,
  recordObjection,
  recordScores,
  tenderDetail,
  tenderPlan,
  tenderRanking,
  withdrawBidder,
} from '../src/app/tender.ts';
import { tenderDocument } from '../src/app/tender-documents.ts';
import { ledgerFor } from '../src/app/money-views.ts';
import { allocateYear } from '../src/app/decisions.ts';
import { operator, type Viewer } from '../src/domain/access/viewer.ts';
import { Refusal } from '../src/domain/errors.ts';
import { dropTestSchemas, testDatabases } from './support/databases.ts';
import { tempDir } from './support/temp-dirs.ts';

afterAll(dropTestSchemas);
const examples = path.join(import.meta.dirname, '..', 'examples');
const dir = tempDir('jeugdregie-tender-');
const team = operator('team');

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Refusal) return `${e.code}: ${e.text('en')}`;
    throw e;
  }
  return 'accepted';
}

async function fresh(database: (typeof testDatabases)[number], name: string): Promise<Workspace> {
  const target = await database.fresh();
  if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir(`jeugdregie-${name}-`), 'data');
  await initWorkspace(target, 'tender-test', { regionId: 'amsterdam-amstelland' });
  return openWorkspace(target, 'tender-test', { now: () => new Date('2027-06-01T09:00:00Z') });
}

function write(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe.each(testDatabases)('the tender on $name', (database) => {
  it('runs the procedure, refusing every step out of order, and hands its distribution to the allocation', async () => {
    const ws = await fresh(database, 'procedure');
    try {
      await defineTender(team, ws, path.join(examples, 'tender-2028.yaml'), 'gepubliceerd');
      expect(await listTenders(team, ws)).toMatchObject([{ id: 'AA-2028', status: 'open', bidders: 0 }]);
      await importTenderFile(team, ws, path.join(examples, 'tender-2028-submissions.csv'), undefined, 'inschrijvingen');
      const before = await tenderRanking(team, ws, 'AA-2028');
      expect(before.unresolved).toEqual([['DEMO20', 'DEMO21']]);
      // The tie straddles the boundary of the twenty: no intended selection without the draw.
      expect(await refusal(intendSelection(team, ws, 'AA-2028', '2027-03-01', 'x'))).toMatch(/TENDER_STEP_REFUSED: .*tied across a boundary or in the waiting room without a recorded draw: DEMO20 = DEMO21/);
      expect(await refusal(recordDraw(team, ws, 'AA-2028', ['DEMO19', 'DEMO20'], 'notaris', 'x'))).toMatch(/not a group tied/);
      await recordDraw(team, ws, 'AA-2028', ['DEMO21', 'DEMO20'], 'notaris (fictief)', 'loting');
      const intended = await intendSelection(team, ws, 'AA-2028', '2027-03-01', 'bekendgemaakt');
      expect(intended.result).toMatchObject({ standstillEnds: '2027-03-21', waitingRoom: ['DEMO20', 'DEMO22'] });
      const drawn = (await tenderRanking(team, ws, 'AA-2028')).lines;
      expect(drawn.find((l) => l.bidder === 'DEMO21')).toMatchObject({ rank: 20, status: 'selected', tieBreak: 'criterion tech' });
      expect(drawn.find((l) => l.bidder === 'DEMO20')).toMatchObject({ rank: 21, status: 'waiting_room', tieBreak: 'draw' });
      // The record is closed once the selection is known.
      expect(await refusal(importTenderFile(team, ws, path.join(examples, 'tender-2028-submissions.csv'), 'AA-2028', 'x'))).toMatch(/facts can no longer change/);
      expect(await refusal(recordObjection(team, ws, 'AA-2028', 'DEMO20', 'te laat', '2027-03-22', 'x'))).toMatch(/ended on 2027-03-21/);
      const objection = await recordObjection(team, ws, 'AA-2028', 'DEMO20', 'De loting had overgedaan moeten worden.', '2027-03-20', 'bezwaar');
      expect(await refusal(awardTender(team, ws, 'AA-2028', '2027-03-21', 'x'))).toMatch(/runs until 2027-03-21 inclusive/);
      expect(await refusal(awardTender(team, ws, 'AA-2028', '2027-03-22', 'x'))).toMatch(new RegExp(`objections without an outcome: #${objection.seq} \\(DEMO20\\)`));
      await decideObjection(team, ws, 'AA-2028', objection.seq, 'rejected', '2027-03-21', 'ongegrond');
      expect(await refusal(importCapacities(team, ws, 'AA-2028', path.join(examples, 'tender-2028-capacity.csv'), 'x'))).toMatch(/after the final selection/);
      const award = await awardTender(team, ws, 'AA-2028', '2027-03-22', 'definitief');
      expect((award.result as { selected: string[] }).selected).toHaveLength(20);
      // The selected are providers now, with their names and AGB codes.
      expect((await ws.engine.state()).providers['DEMO21']).toMatchObject({ name: 'Voorbeeldinschrijver Klimrek (fictief)', agbCodes: ['99000021'] });
      expect((await ws.engine.state()).providers['DEMO20']).toBeUndefined();
      // DEMO21 withdraws: the waiting room moves up in rank order (DEMO20 before DEMO22).
      const w = await withdrawBidder(team, ws, 'AA-2028', 'DEMO21', '2027-04-01', 'trekt zich terug');
      expect(w.result).toMatchObject({ withdrawn: 'DEMO21', promoted: 'DEMO20' });
      const after = (await tenderRanking(team, ws, 'AA-2028')).lines;
      expect(after.filter((l) => l.status === 'waiting_room').map((l) => l.bidder)).toEqual(['DEMO22']);
      expect(after.find((l) => l.bidder === 'DEMO20')!.status).toBe('selected');
      expect(await refusal(withdrawBidder(team, ws, 'AA-2028', 'DEMO23', '2027-04-01', 'x'))).toMatch(/DEMO23 is not selected/);
      // Capacities: the demo file names DEMO20, selected again, and not DEMO21.
      await importCapacities(team, ws, 'AA-2028', path.join(examples, 'tender-2028-capacity.csv'), 'capaciteit');
      await acceptDistribution(team, ws, 'AA-2028', [{ theme: 'A', basis: { kind: 'capacity' } }, { theme: 'B', basis: { kind: 'mix', capacityPct: 50 } }], 'aanvaard');
      expect(await refusal(acceptDistribution(team, ws, 'AA-2028', [], 'x'))).toMatch(/was accepted in entry/);
      // A step is dated on or before today: a final selection dated ahead cannot slip past the standstill period.
      expect(await refusal(withdrawBidder(team, ws, 'AA-2028', 'DEMO05', '2099-01-01', 'x'))).toMatch(/2099-01-01 is after today \(2027-06-01\)/);
      const plan = await tenderPlan(team, ws, 'AA-2028', 2028);
      expect(plan.providers.map((p) => p.code)).toEqual(Array.from({ length: 20 }, (_, i) => `DEMO${String(i + 1).padStart(2, '0')}`));
      const allocated = await allocateYear(team, ws, 2028, plan, 'toekenning uit de aanbesteding');
      expect(allocated.decision.plan.source).toEqual({ tender: 'AA-2028', seq: plan.source!.seq });
      // Every theme's providers add up to the theme, to the cent.
      const y = allocated.state.years[2028]!;
      for (const t of y.allocation.themeTotals) expect(y.allocation.providerThemeTotals.filter((p) => p.theme === t.theme).reduce((s, p) => s + p.amountCents, 0n)).toBe(t.amountCents);
      expect(await ws.engine.verify()).toEqual([]);
      const pv = await tenderDocument(team, ws, 'AA-2028', { kind: 'proces-verbaal' }, 'html');
      expect(String(pv.bytes)).toContain('Teruggetrokken op 2027-04-01');
      expect(String(pv.bytes)).toMatch(/ongegrond verklaard op 2027-03-21/);
    } finally {
      await ws.close();
    }
  });

  it('keeps every assessor’s scores from the others until all have scored — in the sheet, the record and the ledger', async () => {
    const ws = await fresh(database, 'assessors');
    try {
      const def = write(
        `small-${database.name}.yaml`,
        ['id: T1', 'name: Klein', 'year: 2029', "publishedOn: '2028-01-01'", 'maxSelected: 1', 'waitingRoom: 0', 'themes: [{ code: B, sharePct: "100" }]', 'assessors: [anna, bert]', 'requirements: [{ id: r, label: Eis }]', 'criteria: [{ id: c, label: Crit, weight: 1, max: 10, sufficient: 6 }]', 'tieBreak: [draw]'].join('\n'),
      );
      await defineTender(team, ws, def, 'x');
      await importTenderFile(team, ws, write(`small-${database.name}.csv`, 'bidder,kind,item,assessor,value,reason\nP1,bidder,Een,,-,\nP1,requirement,r,,ja,x\n'), 'T1', 'x');
      const anna: Viewer = operator('anna');
      const bert: Viewer = operator('bert');
      await recordScores(anna, ws, 'T1', [{ bidder: 'P1', criterion: 'c', value: 8 }], 'eigen');
      const line = async (v: Viewer) => (await assessorSheet(v, ws, 'T1')).bidders[0]!.lines[0]!;
      expect(await line(anna)).toMatchObject({ own: 8, scored: 1, of: 2 });
      expect((await line(anna)).all).toBeUndefined();
      expect(await line(bert)).toEqual({ criterion: 'c', label: 'Crit', max: 10, scored: 1, of: 2 });
      // Not in the record's page, not in the ledger as the web reads it.
      expect((await tenderDetail(bert, ws, 'T1')).submissions[0]!.scores[0]).toMatchObject({ scored: 1, assessors: null });
      const hidden = JSON.stringify(await ledgerFor(bert, ws));
      expect(hidden).not.toMatch(/"assessor":"anna","value":8/);
      expect(hidden).toContain('verborgen tot elke beoordelaar heeft gescoord');
      // Not an assessor: refused; a consensus before both have scored: refused.
      expect(await refusal(recordScores(operator('chris'), ws, 'T1', [{ bidder: 'P1', criterion: 'c', value: 3 }], 'x'))).toMatch(/chris is not an assessor/);
      expect(await refusal(importTenderFile(team, ws, write(`cons-${database.name}.csv`, 'bidder,kind,item,assessor,value,reason\nP1,consensus,c,,7,samen\n'), 'T1', 'x'))).toMatch(/after every assessor's own score; missing: bert/);
      // A file cannot complete a point someone began on the page (it would show the importer the others' scores).
      expect(await refusal(importTenderFile(team, ws, write(`paper-${database.name}.csv`, 'bidder,kind,item,assessor,value,reason\nP1,score,c,bert,1,\n'), 'T1', 'x'))).toMatch(/being scored on the page/);
      await recordScores(bert, ws, 'T1', [{ bidder: 'P1', criterion: 'c', value: 6 }], 'eigen');
      expect((await line(anna)).all).toEqual([{ assessor: 'anna', value: 8 }, { assessor: 'bert', value: 6 }]);
      expect((await line(bert)).all).toEqual([{ assessor: 'anna', value: 8 }, { assessor: 'bert', value: 6 }]);
      expect(JSON.stringify(await ledgerFor(bert, ws))).not.toContain('verborgen');
      // Once every assessor has scored, the scores are known: no one re-scores.
      expect(await refusal(recordScores(anna, ws, 'T1', [{ bidder: 'P1', criterion: 'c', value: 6 }], 'x'))).toMatch(/every assessor has scored c for P1/);
      await importTenderFile(team, ws, write(`cons2-${database.name}.csv`, 'bidder,kind,item,assessor,value,reason\nP1,consensus,c,,7,samen\n'), 'T1', 'x');
      expect((await tenderRanking(team, ws, 'T1')).lines).toMatchObject([{ bidder: 'P1', rank: 1, status: 'selected', totalScore: '7' }]);
    } finally {
      await ws.close();
    }
  });

  it('shows a bidder its own outcome and notice only, and reopens the record on an upheld objection', async () => {
    const target = await database.fresh();
    if (!target.url) (target as { dataDir?: string }).dataDir = path.join(tempDir('jeugdregie-tender-own-'), 'data');
    await initWorkspace(target, 'tender-test', { regionId: 'amsterdam-amstelland', demo: true });
    const ws = await openWorkspace(target, 'tender-test');
    try {
      const demo21: Viewer = { role: 'provider', login: 'p21', provider: 'DEMO21' };
      const demo01: Viewer = { role: 'provider', login: 'p01', provider: 'DEMO01' };
      expect(await ownTenderOutcomes(demo21, ws)).toMatchObject([{ tender: 'AA-2028', outcome: 'waiting_room', totalScore: '72' }]);
      expect(JSON.stringify(await ownTenderOutcomes(demo01, ws))).not.toMatch(/DEMO(0[2-9]|[12]\d)/);
      expect(await refusal(listTenders(demo01, ws))).toMatch(/^FORBIDDEN/);
      expect(await refusal(tenderRanking(demo01, ws, 'AA-2028'))).toMatch(/^FORBIDDEN/);
      expect(await refusal(tenderDocument(demo01, ws, 'AA-2028', { kind: 'notice', bidder: 'DEMO21' }, 'html'))).toMatch(/^FORBIDDEN/);
      expect(String((await tenderDocument(demo21, ws, 'AA-2028', { kind: 'notice', bidder: 'DEMO21' }, 'html')).bytes)).toContain('wachtkamer');
      for (const v of [{ role: 'municipality', login: 'm', municipality: '0363' }, { role: 'council', login: 'c', municipality: '0363' }] as Viewer[]) {
        expect(await refusal(listTenders(v, ws))).toMatch(/^FORBIDDEN/);
        expect(await refusal(ownTenderOutcomes(v, ws))).toMatch(/^FORBIDDEN/);
      }
    } finally {
      await ws.close();
    }
    // An upheld objection: the intended selection falls away, the record can be corrected and made known again.
    const ws2 = await fresh(database, 'upheld');
    try {
      await defineTender(team, ws2, path.join(examples, 'tender-2028.yaml'), 'x');
      await importTenderFile(team, ws2, path.join(examples, 'tender-2028-submissions.csv'), undefined, 'x');
      await recordDraw(team, ws2, 'AA-2028', ['DEMO20', 'DEMO21'], 'notaris', 'x');
      await intendSelection(team, ws2, 'AA-2028', '2027-03-01', 'x');
      await withdrawBidder(team, ws2, 'AA-2028', 'DEMO02', '2027-03-02', 'trekt zich terug');
      const o = await recordObjection(team, ws2, 'AA-2028', 'DEMO23', 'Mijn score op tech is verkeerd overgenomen.', '2027-03-05', 'x');
      await decideObjection(team, ws2, 'AA-2028', o.seq, 'upheld', '2027-03-10', 'gegrond: overschrijffout');
      expect((await listTenders(team, ws2))[0]!.status).toBe('open');
      await importTenderFile(team, ws2, write(`fix-${database.name}.csv`, 'bidder,kind,item,assessor,value,reason\nDEMO23,consensus,tech,,10,gecorrigeerd na gegrond bezwaar\n'), 'AA-2028', 'correctie');
      // 4 × 10 + 6 × 6 = 76: DEMO23 now ranks above DEMO17 (76, tech 7) by the tie rule, inside the twenty.
      // DEMO02's withdrawal holds in the new ranking; 4 × 10 + 6 × 6 = 76 puts DEMO23 among the twenty
      // (tied with DEMO16 inside them: no draw needed); DEMO20 stays 20th by its draw; the waiting room is DEMO21, DEMO22.
      const r = await tenderRanking(team, ws2, 'AA-2028');
      expect(r.lines.find((l) => l.bidder === 'DEMO23')).toMatchObject({ status: 'selected', totalScore: '76' });
      expect(r.lines.find((l) => l.bidder === 'DEMO02')).toMatchObject({ status: 'not_selected', reasons: ['withdrawn'] });
      expect(r.lines.filter((l) => l.status === 'waiting_room').map((l) => l.bidder)).toEqual(['DEMO21', 'DEMO22']);
      await intendSelection(team, ws2, 'AA-2028', '2027-03-12', 'opnieuw bekendgemaakt');
      expect((await listTenders(team, ws2))[0]!.status).toBe('intended');
    } finally {
      await ws2.close();
    }
  });
});
