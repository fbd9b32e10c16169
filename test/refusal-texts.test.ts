// The Dutch refusals are what the web application shows (it asks the API in Dutch), the English ones
// what the CLI prints. A refusal a web user can meet names what to do in the web first — the page,
// the form's field as it is labelled — and the command line only beside it; a bare "--flag" or
// "jeugdregie …" would tell a contract manager in the browser to use a terminal.
import { describe, expect, it } from 'vitest';
import { Refusal } from '../src/domain/errors.ts';

/** The refusals of the web's decision forms and money pages, with facts to word them. */
const REACHABLE_FROM_THE_WEB = [
  new Refusal('NO_BUDGET', { municipality: '0363', year: 2028 }),
  new Refusal('BUDGET_YEAR_LOCKED', { years: [2028], paying: 2028, seq: 4 }),
  new Refusal('YEAR_NOT_ALLOCATED', { year: 2028 }),
  new Refusal('YEAR_ALREADY_PAYING', { year: 2028, what: 'keys' }),
  new Refusal('ADJUSTMENT_REASON_MISSING'),
  new Refusal('ADJUSTMENT_REASON_REQUIRED', { codes: ['A', 'B'] }),
  new Refusal('ADJUSTMENT_FORECAST_REQUIRED'),
  new Refusal('ADJUSTMENT_EXCEEDS_CONTRACT_VALUE', { year: 2028, contractCents: 100n, newTotalCents: 200n }),
  new Refusal('NOT_SETTLED', { year: 2028 }),
];

describe('refusals in Dutch, as the web shows them', () => {
  it.each(REACHABLE_FROM_THE_WEB.map((r) => [r.code, r] as const))('%s names the web’s way before the command line', (_, refusal) => {
    const nl = refusal.text('nl');
    const cli = nl.search(/--[a-z]|jeugdregie /);
    if (cli < 0) return;
    const web = nl.search(/Besluiten →|pagina |vul "|bij "|kies /);
    expect(web, `no page or field named in: ${nl}`).toBeGreaterThanOrEqual(0);
    expect(web, `the command line comes first in: ${nl}`).toBeLessThan(cli);
  });
});
