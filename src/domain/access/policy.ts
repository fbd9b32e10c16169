// What each role may do: one table, read by every use case (assertMay) and by the role × route test.
// Scope within what a role may read (its own municipality or provider, protected figures) is
// decided in scope.ts. [issue 13; docs/access.md]
import { Refusal } from '../errors.ts';
import type { CouncilViewer, Role, Viewer } from './viewer.ts';

/**
 * A capability names one kind of use. Every API route declares the capability its use case needs
 * (src/api/access.ts); a route without one fails the build.
 */
export const CAPABILITIES = {
  /** The region's configuration (municipalities, areas, themes, care forms). */
  'region.read': { roles: ['region', 'municipality', 'provider', 'council'], en: 'read the region configuration', nl: 'de regio-instellingen lezen' },
  /** Money councils adopt in public: budgets, contributions, lump sums, payments (a provider: its own). */
  'money.read': { roles: ['region', 'municipality', 'provider', 'council'], en: 'read budgets, lump sums and payments', nl: 'begrotingen, lumpsums en betalingen lezen' },
  /** The arithmetic behind a figure, with the ledger entries it cites (who decided and why). */
  'money.explain': { roles: ['region', 'municipality', 'provider'], en: 'read the explanation of a figure', nl: 'de uitleg van een bedrag lezen' },
  /** Every ledger entry: decisions with actor and reason. */
  'ledger.read': { roles: ['region'], en: 'read the ledger', nl: 'het grootboek lezen' },
  /** Decisions: allocation, payment run, adjustment, settlement, keys. */
  'decision.record': { roles: ['region'], en: 'record decisions', nl: 'besluiten vastleggen' },
  /** The monitor's figures, in the viewer's scope (scope.ts). */
  'monitor.read': { roles: ['region', 'municipality', 'provider', 'council'], en: 'read the monitor', nl: 'de monitor lezen' },
  /** Message counts per type: the contract's process figures (not for councils: they see aggregates). */
  'monitor.process': { roles: ['region', 'municipality', 'provider'], en: 'read message figures', nl: 'cijfers over berichten lezen' },
  /** Timeliness (retroactive requests, late starts and stops), in the viewer's scope; a council its municipality and REST as totals, protected (decisions §40). */
  'monitor.timeliness': { roles: ['region', 'municipality', 'provider', 'council'], en: 'read timeliness figures', nl: 'cijfers over tijdigheid lezen' },
  /** How far the data reach, and whether an ingest is under way. */
  'monitor.status': { roles: ['region', 'municipality', 'provider', 'council'], en: 'read how far the data reach', nl: 'lezen hoe ver de gegevens reiken' },
  /** The council report of a municipality (PDF, HTML): for whom, see mayReportOn. */
  'report.council': { roles: ['region', 'municipality', 'council'], en: 'make a council report', nl: 'een raadsrapportage maken' },
  /** A provider's financial report (M4, M8, M12): a provider its own, the region any provider's. */
  'report.submit': { roles: ['region', 'provider'], en: 'deliver a financial report', nl: 'een financiële rapportage inleveren' },
  /** Utilisation, forecasts and signals from the reports: a provider its own, a municipality every provider's with its own attributed part. */
  'utilisation.read': { roles: ['region', 'municipality', 'provider'], en: 'read utilisation and forecasts', nl: 'uitnutting en prognoses lezen' },
  /** A computed proposal for next year's contribution keys, recording nothing. */
  'keys.propose': { roles: ['region', 'municipality'], en: 'compute a key proposal', nl: 'een voorstel voor de verdeelsleutel berekenen' },
  /** A provider's CBS delivery (Beleidsinformatie Jeugd): a provider its own, the region any provider's. */
  'bij.submit': { roles: ['region', 'provider'], en: 'deliver a CBS delivery', nl: 'een CBS-levering inleveren' },
  /** How complete the traffic and the CBS deliveries are: a provider its own, a municipality its own young people, the region all; the region's row protected. */
  'coverage.read': { roles: ['region', 'municipality', 'provider'], en: 'read the coverage of the sources', nl: 'de dekking van de bronnen lezen' },
  /** Outcome indicators (dropout, no new start, satisfaction): in the viewer's scope, others' figures protected. */
  'quality.read': { roles: ['region', 'municipality', 'provider', 'council'], en: 'read the outcome indicators', nl: 'de uitkomstindicatoren lezen' },
  /** A provider's under-serving panel (refusals, waits, dropout, falling reach): the region any, a provider its own. */
  'underserving.read': { roles: ['region', 'provider'], en: "read a provider's under-serving panel", nl: 'het onderbedieningspaneel van een aanbieder lezen' },
  /** The tender's record: submissions, ranking, coverage, distribution, documents (the tender team). */
  'tender.read': { roles: ['region'], en: "read the tender's record", nl: 'het dossier van de aanbesteding lezen' },
  /** An assessor's own scores: given independently, others' hidden until every assessor has scored. */
  'tender.score': { roles: ['region'], en: 'score submissions as an assessor', nl: 'inschrijvingen beoordelen als beoordelaar' },
  /** A bidder's own outcome in a tender, once made known (nothing of the other bidders). */
  'tender.own': { roles: ['provider'], en: 'read its own outcome in a tender', nl: 'de eigen uitkomst in een aanbesteding lezen' },
  /** The audit log: sign-ins, exports, decisions. */
  'audit.read': { roles: ['region'], en: 'read the audit log', nl: 'het auditlogboek lezen' },
  /** Accounts of others: add, disable, list, issue tokens. */
  'accounts.manage': { roles: ['region'], en: 'manage accounts', nl: 'accounts beheren' },
  /** One's own account: who am I, sign out, own tokens. */
  'self': { roles: ['region', 'municipality', 'provider', 'council'], en: 'use an own account', nl: 'het eigen account gebruiken' },
} as const satisfies Record<string, { roles: readonly Role[]; en: string; nl: string }>;

export type Capability = keyof typeof CAPABILITIES;

export function may(viewer: Viewer, capability: Capability): boolean {
  return (CAPABILITIES[capability].roles as readonly Role[]).includes(viewer.role);
}

/** Refuses (403) unless the viewer's role has the capability. The first line of every use case. */
export function assertMay(viewer: Viewer, capability: Capability): void {
  if (!may(viewer, capability)) {
    const c = CAPABILITIES[capability];
    throw new Refusal('FORBIDDEN', { role: viewer.role, what: c.en, whatNl: c.nl });
  }
}

/** A refusal for a viewer that asks for something outside its own scope (another provider, say). */
export function outOfScope(viewer: Viewer, what: { en: string; nl: string }): Refusal {
  return new Refusal('FORBIDDEN', { role: viewer.role, what: what.en, whatNl: what.nl });
}

/**
 * The council report of a municipality [issue 13 "The council report"]: the region role for any
 * municipality, a municipality's officer or a council member for their own. The report's figures
 * are read as that municipality's council sees them (councilViewerFor), whoever makes it.
 */
export function assertMayReportOn(viewer: Viewer, municipality: string): void {
  assertMay(viewer, 'report.council');
  if (viewer.role === 'region') return;
  if ((viewer.role === 'municipality' || viewer.role === 'council') && viewer.municipality === municipality) return;
  throw outOfScope(viewer, { en: "make another municipality's council report", nl: 'de raadsrapportage van een andere gemeente maken' });
}

/** The viewer a council report is read as: that municipality's council, acting for whoever makes it. */
export function councilViewerFor(viewer: Viewer, municipality: string): CouncilViewer {
  assertMayReportOn(viewer, municipality);
  return { role: 'council', municipality, login: viewer.login };
}
