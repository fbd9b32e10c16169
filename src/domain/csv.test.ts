import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvError, CsvParser, detectSeparator, parseCsv, parseCsvRecords, type CsvRecord } from './csv.ts';

/** Parses text pushed in the given pieces. */
function inPieces(pieces: readonly string[]): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser((r) => records.push(r));
  for (const p of pieces) parser.push(p);
  parser.end();
  return records;
}

function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(text.slice(from, p));
    from = p;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('parseCsv', () => {
  it('follows RFC 4180 and detects the separator from the header line', () => {
    expect(parseCsv('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a;b\r1;"2,5"\r\n"";x;')).toEqual([['a', 'b'], ['1', '2,5'], ['', 'x', '']]);
    expect(parseCsv('single\n"x"')).toEqual([['single'], ['x']]);
    expect(detectSeparator('"a;b",c,d\n1;2;3;4')).toBe(',');
    expect(detectSeparator('year;municipality;amount_eur')).toBe(';');
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFFa;b\n1;2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('numbers each record by the line it starts on, across quoted line ends of every kind', () => {
    const records = parseCsvRecords('h\n"a\r\nb"\n\nc\r"d\re"\rf');
    expect(records).toEqual([
      { line: 1, fields: ['h'] },
      { line: 2, fields: ['a\r\nb'] },
      { line: 4, fields: [''] },
      { line: 5, fields: ['c'] },
      { line: 6, fields: ['d\re'] },
      { line: 8, fields: ['f'] },
    ]);
  });

  it('keeps a quote inside an unquoted field as it is, and a doubled quote in a quoted field as one', () => {
    expect(parseCsv('a,b\n5" screen,"say ""hi"""')).toEqual([['a', 'b'], ['5" screen', 'say "hi"']]);
  });

  it('refuses text after a closing quote and an unclosed quote, with the line number', () => {
    expect(() => parseCsv('a;b\n"x"y;z')).toThrow(CsvError);
    expect(() => parseCsv('a;b\n"x"y;z')).toThrow(/line 2: unexpected text after a closing quote/);
    try {
      parseCsv('a;b\n1;2\n"open;3\n4;5\n');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CsvError);
      expect((e as CsvError).line).toBe(3);
      expect((e as CsvError).reasonNl).toContain('nooit gesloten');
    }
  });
});

describe('CsvParser: incremental', () => {
  const alphabet = fc.constantFrom('a', 'b', ',', ';', '"', '\r', '\n', ' ', 'é', '€');

  it('gives the same records however the text is cut into pieces (even between CR and LF, or "" halves)', () => {
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), (text, cuts) => {
        let whole: CsvRecord[] | CsvError;
        try {
          whole = parseCsvRecords(text);
        } catch (e) {
          if (!(e instanceof CsvError)) throw e;
          whole = e;
        }
        let pieces: CsvRecord[] | CsvError;
        try {
          pieces = inPieces(splitAt(text, cuts));
        } catch (e) {
          if (!(e instanceof CsvError)) throw e;
          pieces = e;
        }
        if (whole instanceof CsvError) expect(pieces instanceof CsvError && pieces.line === whole.line && pieces.reason === whole.reason).toBe(true);
        else expect(pieces).toEqual(whole);
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips any table written the RFC 4180 way', () => {
    const field = fc.string({ unit: fc.constantFrom('x', '1', ',', '"', '\n', '\r\n', ' ', 'ë'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 5 }), (rows, cuts) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const text = table.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')).join('\r\n');
        expect(inPieces(splitAt(text, cuts)).map((r) => r.fields)).toEqual(table);
      }),
      { numRuns: 1000 },
    );
  });

  it('tells the line it is on, for problems found outside it', () => {
    const parser = new CsvParser(() => {});
    parser.push('a;b\n1;2\r\n3');
    expect(parser.line).toBe(3);
  });
});
