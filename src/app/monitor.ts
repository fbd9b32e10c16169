// The reach side of the monitor: events from the store → trajectories → figures for a period.
import type { CareEvent } from '../domain/care-events.ts';
import { buildTrajectories } from '../domain/trajectories.ts';
import { reachFigures, UNASSIGNED_THEME, type Dimension, type Period, type ReachRow, type Resolvers } from '../domain/reach-figures.ts';
import { areaResolver, careFormResolver } from '../domain/region-lookup.ts';
import { waitingTimes, type WaitingRow } from '../domain/waiting-times.ts';
import { timeliness, type TimelinessRow } from '../domain/timeliness.ts';
import type { Workspace } from './workspace.ts';

const dateText = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

export async function loadEvents(ws: Workspace): Promise<CareEvent[]> {
  const rows = await ws.store.db.selectFrom('care_event').selectAll().execute();
  return rows.map((r) => {
    const base = {
      messageKey: `${r.sender}|${r.identification}|${dateText(r.sent_on)}`,
      sentOn: dateText(r.sent_on)!,
      municipality: r.municipality,
      provider: r.provider,
      client: { pseudonym: r.pseudonym, birthMonth: r.birth_month, gender: r.gender, ...(r.pc4 ? { pc4: r.pc4 } : {}) },
      category: r.category,
    };
    const number = r.assignment_number ? { assignmentNumber: r.assignment_number } : {};
    switch (r.kind) {
      case 'assignment':
        return { ...base, kind: 'assignment', assignmentNumber: r.assignment_number ?? '', assignedOn: dateText(r.assigned_on)!, validFrom: dateText(r.valid_from)!, ...(r.valid_until ? { validUntil: dateText(r.valid_until)! } : {}) };
      case 'start':
        return { ...base, ...number, kind: 'start', startDate: dateText(r.start_date)!, status: r.status === '3' ? '3' : '1' };
      case 'stop':
        return { ...base, ...number, kind: 'stop', startDate: dateText(r.start_date)!, endDate: dateText(r.end_date)!, reason: r.reason ?? '', status: r.status === '3' ? '3' : '1' };
      default:
        return { ...base, ...number, kind: 'request', requestedStart: dateText(r.requested_start)! };
    }
  });
}

/** Theme via the provider's themes in the latest allocation that names its AGB code. */
async function themeResolver(ws: Workspace): Promise<(provider: string) => string> {
  const state = await ws.engine.state();
  const map = new Map<string, string>();
  for (const y of Object.values(state.years).sort((a, b) => a.year - b.year)) {
    for (const p of y.plan.providers) if (p.agb) map.set(p.agb, p.themes.map((t) => t.theme).sort().join('+'));
  }
  return (provider) => map.get(provider) ?? UNASSIGNED_THEME;
}

export async function reach(ws: Workspace, period: Period, by: readonly Dimension[]): Promise<ReachRow[]> {
  return reachFigures(buildTrajectories(await loadEvents(ws)), period, by, await resolversFor(ws));
}

async function resolversFor(ws: Workspace): Promise<Resolvers> {
  return { area: areaResolver(ws.region), careForm: careFormResolver(ws.region), theme: await themeResolver(ws) };
}

export async function waiting(ws: Workspace, period: Period, by: readonly Dimension[]): Promise<WaitingRow[]> {
  return waitingTimes(buildTrajectories(await loadEvents(ws)), period, by, await resolversFor(ws));
}

export async function timelinessFigures(ws: Workspace, period: Period, startAfterDays: number): Promise<TimelinessRow[]> {
  const events = await loadEvents(ws);
  return timeliness(events, buildTrajectories(events), period, startAfterDays);
}
