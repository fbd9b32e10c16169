// The web application offers each role only what the API answers it (web/src/roles.ts); the
// server decides (src/domain/access). This holds the two together: a change of policy or scope
// that the pages do not follow fails here.
import { describe, expect, it } from 'vitest';
import { ROLE_OFFERS, DIMENSIONS as WEB_DIMENSIONS } from '../web/src/roles.ts';
import { may } from '../src/domain/access/policy.ts';
import { monitorView } from '../src/domain/access/scope.ts';
import { DIMENSIONS } from '../src/domain/reach-figures.ts';
import { ROLES, type Viewer } from '../src/domain/access/viewer.ts';

const VIEWERS: Record<(typeof ROLES)[number], Viewer> = {
  region: { role: 'region', login: 'r' },
  municipality: { role: 'municipality', municipality: '0363', login: 'm' },
  provider: { role: 'provider', provider: 'DEMO01', login: 'p' },
  council: { role: 'council', municipality: '0384', login: 'c' },
} as never;

const PERIOD_KINDS = { Q1: 'quarter', Q2: 'quarter', Q3: 'quarter', Q4: 'quarter', H1: 'half', H2: 'half', Y: 'year' } as const;

describe('what the web application offers each role', () => {
  it('knows the same dimensions as the monitor', () => {
    expect([...WEB_DIMENSIONS]).toEqual([...DIMENSIONS]);
  });

  for (const role of ROLES) {
    it(`offers the ${role} role the pages, breakdowns and periods its policy and scope allow`, () => {
      const viewer = VIEWERS[role];
      const offer = ROLE_OFFERS[role];
      expect(offer.decisions).toBe(may(viewer, 'decision.record') && may(viewer, 'ledger.read'));
      expect(offer.administration).toBe(may(viewer, 'audit.read') && may(viewer, 'accounts.manage'));
      expect(offer.messages).toBe(may(viewer, 'monitor.process'));
      expect(offer.explain).toBe(may(viewer, 'money.explain'));
      expect(offer.councilReport).toBe(may(viewer, 'report.council'));
      expect(offer.utilisation).toBe(may(viewer, 'utilisation.read'));
      expect(offer.reportSubmit).toBe(may(viewer, 'report.submit'));
      expect(offer.keysPropose).toBe(may(viewer, 'keys.propose'));
      expect(offer.bijSubmit).toBe(may(viewer, 'bij.submit'));
      expect(offer.coverage).toBe(may(viewer, 'coverage.read'));
      expect(offer.quality).toBe(may(viewer, 'quality.read'));
      expect(offer.underServing).toBe(may(viewer, 'underserving.read'));
      expect(offer.tender).toBe(may(viewer, 'tender.read') && may(viewer, 'tender.score'));
      expect(offer.tenderOwn).toBe(may(viewer, 'tender.own'));
      const view = monitorView(viewer, () => ['12345678']);
      if (view.kind === 'full') {
        expect(offer.column).toBeNull();
        expect(offer.closedPeriodsOnly).toBe(false);
        expect([...offer.breakdowns]).toEqual([...DIMENSIONS]);
        return;
      }
      expect(offer.column).toBe(view.column);
      expect(offer.othersLabel).toBe(view.othersAs);
      expect(offer.closedPeriodsOnly).toBe(true);
      expect(offer.maxDimensions).toBe(2);
      expect(new Set(offer.breakdowns)).toEqual(new Set(view.breakdowns));
      expect(new Set(offer.periodKinds)).toEqual(new Set(view.periods.map((p) => PERIOD_KINDS[p])));
      // timeliness by provider only where the role may break down by provider (a council may not)
      expect(offer.timelinessBy.includes('provider')).toBe(view.column === 'provider' || view.breakdowns.includes('provider'));
    });
  }
});
