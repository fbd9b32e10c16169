// One refusal of the catalogue: its HTTP status and its message in Dutch and in English, both made
// from the same typed parameters, so a CLI line and a problem+json answer always say the same thing.

export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 431 | 503 | 504;

export interface Entry<P> {
  readonly status: HttpStatus;
  readonly en: (p: P) => string;
  readonly nl: (p: P) => string;
}

/** Declares a catalogue entry; `P` is the shape of the facts its message needs. */
export function entry<P = Record<never, never>>(status: HttpStatus, en: (p: P) => string, nl: (p: P) => string): Entry<P> {
  return Object.freeze({ status, en, nl });
}

/** "2028-03" */
export const ym = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`;

/** Amounts in messages: euro notation for people (both languages use the Dutch form the users know). */
export function euros(cents: bigint | string): string {
  const c = typeof cents === 'bigint' ? cents : BigInt(cents);
  const negative = c < 0n;
  const abs = negative ? -c : c;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}€ ${whole},${(abs % 100n).toString().padStart(2, '0')}`;
}

export const list = (items: readonly (string | number)[]): string => items.join(', ');
