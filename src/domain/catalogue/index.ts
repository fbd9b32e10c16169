// The one catalogue of refusals: code → HTTP status and message in Dutch and English. The CLI maps a
// refusal to one line (src/cli/errors.ts), the API to problem+json (src/api/problem.ts); nothing
// else decides how a refusal reads.
import type { Entry } from './entry.ts';
import { GENERAL_REFUSALS } from './general.ts';
import { MONEY_REFUSALS } from './money.ts';
import { ACCESS_REFUSALS } from './access.ts';
import { EXCHANGE_REFUSALS } from './exchange.ts';
import { REPORT_REFUSALS } from './reports.ts';
import { QUALITY_REFUSALS } from './quality.ts';
import { TENDER_REFUSALS } from './tender.ts';

export const CATALOGUE = { ...GENERAL_REFUSALS, ...MONEY_REFUSALS, ...ACCESS_REFUSALS, ...EXCHANGE_REFUSALS, ...REPORT_REFUSALS, ...QUALITY_REFUSALS, ...TENDER_REFUSALS } as const;

export type RefusalCode = keyof typeof CATALOGUE;
export type ParamsOf<C extends RefusalCode> = (typeof CATALOGUE)[C] extends Entry<infer P> ? P : never;
export type { Entry, HttpStatus } from './entry.ts';
