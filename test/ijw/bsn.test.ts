import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidBsn } from '../../src/domain/bsn.ts';

describe('isValidBsn (eleven-test)', () => {
  it('accepts known valid numbers', () => {
    for (const bsn of ['999900006', '999900134', '999900274', '999999990', '999900419']) expect(isValidBsn(bsn), bsn).toBe(true);
  });

  it('refuses wrong check digits, wrong lengths, non-digits and all zeros', () => {
    for (const s of ['999900007', '999912345', '12345678', '1234567820', ' 99990000', '99990000a', '', '000000000', '９９９９００００６']) {
      expect(isValidBsn(s), s).toBe(false);
    }
  });

  it('has exactly one valid last digit for most prefixes (never two)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }), (prefix) => {
        const valid = [...'0123456789'].filter((d) => isValidBsn(prefix.join('') + d));
        return valid.length <= 1;
      }),
    );
  });

  it('detects every single-digit change of a valid number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const base = '999900006';
        const d = (Number(base[pos]) + delta) % 10;
        const changed = base.slice(0, pos) + d + base.slice(pos + 1);
        return !isValidBsn(changed);
      }),
    );
  });
});
