// Refusals of the tender [issue 16]: a step out of order, an unknown tender, a definition that does not
// hold, a plan that claims a tender it does not come from. Each says what was refused and why.
import { entry, list } from './entry.ts';

export const TENDER_REFUSALS = {
  TENDER_UNKNOWN: entry<{ tender: string; known: readonly string[] }>(
    404,
    (p) => `there is no tender "${p.tender}"${p.known.length > 0 ? `; known: ${list(p.known)}` : ''}`,
    (p) => `er is geen aanbesteding "${p.tender}"${p.known.length > 0 ? `; wel: ${list(p.known)}` : ''}`,
  ),
  TENDER_STEP_REFUSED: entry<{ tender: string; what: string; nl: string; /** The fact of a tender.facts decision it is about (its index). */ fact?: number }>(
    409,
    (p) => `tender ${p.tender}: ${p.what}`,
    (p) => `aanbesteding ${p.tender}: ${p.nl}`,
  ),
  TENDER_DEFINITION_INVALID: entry<{ tender: string; problems: readonly string[] }>(
    422,
    (p) => `the tender ${p.tender} is not valid: ${p.problems.join('; ')}`,
    (p) => `de aanbesteding ${p.tender} klopt niet: ${p.problems.join('; ')}`,
  ),
  PLAN_SOURCE_MISMATCH: entry<{ tender: string; seq: number; why: string; nl: string }>(
    422,
    (p) => `the plan names tender ${p.tender}, entry #${p.seq}, as its source, but ${p.why}; write the plan again with jeugdregie tender plan`,
    (p) => `het plan noemt aanbesteding ${p.tender}, regel #${p.seq}, als bron, maar ${p.nl}; maak het plan opnieuw met de aanbesteding`,
  ),
} as const;
