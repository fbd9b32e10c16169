// A small RFC 4180 CSV parser, pure so that budget and other imports can be tested without files.
// Dutch Excel writes ';' as separator (because ',' is the decimal comma), so the separator is
// detected from the header line instead of being assumed.

export type CsvSeparator = ',' | ';';

export interface CsvRecord {
  /** 1-based line number in the text where the record starts (a quoted field may span lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvError';
  }
}

/**
 * Picks ';' or ',' by counting both outside quotes on the first line; ties (e.g. a one-column file)
 * fall back to ',' as RFC 4180 says.
 */
export function detectSeparator(text: string): CsvSeparator {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of stripBom(text)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Parses CSV text into records with their starting line numbers. Accepts CRLF, LF and lone CR line
 * ends; a final line end does not make an extra record. Quoted fields may hold separators, line
 * ends and doubled quotes. Text after a closing quote is refused, because silently gluing it on
 * would hide a broken export.
 */
export function parseCsvRecords(text: string, separator: CsvSeparator = detectSeparator(text)): CsvRecord[] {
  const input = stripBom(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  // True once the current record has any content, so an empty trailing line adds nothing.
  let inRecord = false;

  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
    inRecord = false;
  };

  while (i < input.length) {
    const ch = input[i]!;
    if (!inRecord) {
      recordLine = line;
      inRecord = true;
    }
    // After a closing quote only a separator or line end may follow (checked below), so an empty
    // `field` here always means the start of a field.
    if (ch === '"' && field === '') {
      // Quoted field: read up to the closing quote.
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= input.length) throw new CsvError(openedOn, 'a quoted field is never closed (missing ")');
        const c = input[i]!;
        if (c === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\r' || c === '\n') {
          if (c === '\r' && input[i + 1] === '\n') {
            field += '\r\n';
            i += 2;
          } else {
            field += c;
            i++;
          }
          line++;
          continue;
        }
        field += c;
        i++;
      }
      const next = input[i];
      if (next !== undefined && next !== separator && next !== '\r' && next !== '\n') {
        throw new CsvError(line, `unexpected text after a closing quote; write "" for a quote inside a quoted field`);
      }
      continue;
    }
    if (ch === separator) {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    field += ch;
    i++;
  }
  if (inRecord) endRecord();
  return records;
}

/** Parses CSV text into rows of fields; the separator is detected from the header line. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => [...r.fields]);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

