// The tender's use cases timed on a demo database (npm start has made ./data, or JEUGDREGIE_DATA_DIR):
// the engine state (the fold of the ledger) and each page's answer, twice — the second after the first
// has warmed what it can. Run: node bin/run-ts.js bench/tender-use-cases.ts
import { openWorkspace } from '../src/app/workspace.ts';
import * as T from '../src/app/tender.ts';
import { tenderDocument } from '../src/app/tender-documents.ts';
import { operator } from '../src/domain/access/viewer.ts';
const ws = await openWorkspace({ dataDir: process.env.JEUGDREGIE_DATA_DIR ?? './data' }, 'x');
const v = operator('demo-regio');
const t = async (name: string, f: () => Promise<unknown>) => { const s = performance.now(); await f(); console.log(name, Math.round(performance.now() - s), 'ms'); };
for (let i = 0; i < 2; i++) {
  await t('entries', () => ws.engine.entries());
  await t('state', () => ws.engine.state());
  await t('detail', () => T.tenderDetail(v, ws, 'AA-2028'));
  await t('ranking', () => T.tenderRanking(v, ws, 'AA-2028'));
  await t('sheet', () => T.assessorSheet(v, ws, 'AA-2028'));
  await t('coverage', () => T.tenderCoverageView(v, ws, 'AA-2028'));
  await t('distribution', () => T.distributionWhatIf(v, ws, 'AA-2028', [{ theme: 'A', basis: { kind: 'score' } }]));
  await t('pv pdf', () => tenderDocument(v, ws, 'AA-2028', { kind: 'proces-verbaal' }, 'pdf'));
}
await ws.close();
