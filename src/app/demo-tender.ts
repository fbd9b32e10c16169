// The demo's tender [issue 16 "The demo ships a fictional tender"]: 26 invented bidders (one
// incomplete, two insufficient, a tie at the boundary of the top twenty settled by a recorded draw),
// an objection that is rejected, the final selection after the standstill period, the capacities of
// phase 2 and the distribution by capacity — whose plan is the demo's allocation of 2028. The same
// files a tender team would import (examples/tender-2028*.{yaml,csv}), recorded as ledger entries in
// the order and with the dates a real procedure would have.
import { fileURLToPath } from 'node:url';
import { readTenderDefinition } from '../config/tender-file.ts';
import type { Region } from '../domain/region.ts';
import { capacityImport, tenderImport } from '../domain/tender-import.ts';
import { rulesOf, selectedOf, type TenderDecision, type TenderState } from '../domain/tender-record.ts';
import { readImport } from './imports.ts';

const file = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
export const DEMO_TENDER_FILES = { definition: file('tender-2028.yaml'), submissions: file('tender-2028-submissions.csv'), capacity: file('tender-2028-capacity.csv') };

/** One step of the demo's procedure: a decision with its reason, possibly needing the tender as it stands. */
export type DemoTenderStep = { reason: string; make: (tender: TenderState | undefined) => TenderDecision | Promise<TenderDecision> };

/** The demo tender's steps, read from the example files (all checked as a user's files are). */
export async function demoTenderSteps(region: Region): Promise<DemoTenderStep[]> {
  const definition = await readTenderDefinition(DEMO_TENDER_FILES.definition, { areas: region.areas.map((a) => a.id) });
  const id = definition.id;
  const { place, value } = await readImport(DEMO_TENDER_FILES.submissions, (p) => tenderImport(p, rulesOf(definition)), 'imported');
  const bidders = value.facts.filter((f) => f.kind === 'bidder').map((f) => ({ code: f.bidder, name: f.item, ...(f.value > 0 ? { agb: String(f.value).padStart(8, '0') } : {}) }));
  const facts = value.facts.filter((f) => f.kind !== 'bidder').map(({ row: _row, ...f }) => f);
  return [
    { reason: 'aanbesteding gepubliceerd (fictief)', make: () => ({ kind: 'tender.define', tender: definition }) },
    { reason: 'inschrijvingen, beoordelingen, consensus en mondelinge toelichtingen', make: () => ({ kind: 'tender.facts', tender: id, source: place.file, facts, bidders }) },
    { reason: 'loting tussen gelijk geëindigde inschrijvers op plaats 20 en 21', make: () => ({ kind: 'tender.draw', tender: id, order: ['DEMO20', 'DEMO21'], witness: 'getrokken door de voorzitter, in aanwezigheid van notaris mr. A. Voorbeeld (fictief)' }) },
    { reason: 'voorgenomen selectie bekendgemaakt aan alle inschrijvers', make: () => ({ kind: 'tender.intend', tender: id, date: '2027-03-01' }) },
    { reason: 'bezwaar ontvangen', make: () => ({ kind: 'tender.objection', tender: id, bidder: 'DEMO21', date: '2027-03-10', text: 'De loting had overgedaan moeten worden in aanwezigheid van de inschrijver.' }) },
    { reason: 'bezwaar ongegrond: de loting is gehouden zoals de aanbestedingsleidraad voorschrijft, met een notaris als getuige', make: (t) => ({ kind: 'tender.objection.outcome', tender: id, objection: t!.objections.at(-1)!.seq, outcome: 'rejected', date: '2027-03-15' }) },
    { reason: 'selectie definitief na de opschortende termijn', make: () => ({ kind: 'tender.award', tender: id, date: '2027-03-22' }) },
    {
      reason: 'minimum- en maximumcapaciteit uit de dialoog',
      make: async (t) => ({ kind: 'tender.capacity', tender: id, source: 'tender-2028-capacity.csv', ...(await readDemoCapacities(t!)) }),
    },
    { reason: 'verdeling naar capaciteit aanvaard bij de definitieve inschrijving', make: (t) => ({ kind: 'tender.distribution', tender: id, themes: t!.definition.themes.map((x) => ({ theme: x.code, basis: { kind: 'capacity' as const } })) }) },
  ];
}

/** Reads the demo's capacity file against the selection (the file names only selected providers). */
async function readDemoCapacities(t: TenderState) {
  const d = t.definition;
  const { value } = await readImport(DEMO_TENDER_FILES.capacity, (p) => capacityImport(p, { themes: d.themes.map((x) => x.code), areas: d.areas, bidders: selectedOf(t) }), 'imported');
  return { lines: value.lines, expertise: value.expertise };
}
