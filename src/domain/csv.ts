// A small RFC 4180 CSV parser, pure so that imports can be tested without files, and incremental so
// that a file is read in chunks and never held whole. Dutch Excel writes ';' as separator (because
// ',' is the decimal comma), so the separator is detected from the header line instead of assumed.

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
    readonly reasonNl: string,
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

const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum State {
  /** At the start of a field. */
  FieldStart,
  Unquoted,
  Quoted,
  /** Just after a quote inside a quoted field: the closing quote, or the first of a doubled one. */
  QuoteInQuoted,
}

/**
 * Parses CSV text pushed in pieces into records with their starting line numbers. Accepts CRLF, LF and
 * lone CR line ends; a final line end does not make an extra record. Quoted fields may hold
 * separators, line ends and doubled quotes. Text after a closing quote is refused, because silently
 * gluing it on would hide a broken export. A piece may end anywhere, even between CR and LF.
 */
export class CsvParser {
  readonly #onRecord: (record: CsvRecord) => void;
  #separator: number | undefined;
  /** Text held back until the header line is complete and the separator known. */
  #head = '';
  #headQuoted = false;
  #started = false;
  #state = State.FieldStart;
  #field = '';
  #fields: string[] = [];
  #line = 1;
  #recordLine = 1;
  #inRecord = false;
  #openedOn = 1;
  /** The last character was a CR: a LF right after it belongs to the same line end. */
  #afterCr = false;

  constructor(onRecord: (record: CsvRecord) => void, separator?: CsvSeparator) {
    this.#onRecord = onRecord;
    if (separator !== undefined) this.#separator = separator.charCodeAt(0);
  }

  /** The line being read (1-based), for a problem found outside the parser such as a bad byte. */
  get line(): number {
    return this.#line + (this.#separator === undefined ? (this.#head.match(/\r\n|\r|\n/g) ?? []).length : 0);
  }

  push(text: string): void {
    let input = text;
    if (!this.#started) {
      if (input === '') return;
      this.#started = true;
      input = stripBom(input);
    }
    if (this.#separator === undefined) {
      const from = this.#head.length;
      this.#head += input;
      if (!this.#headLineEnds(from)) return;
      input = this.#head;
      this.#head = '';
      this.#separator = detectSeparator(input).charCodeAt(0);
    }
    this.#parse(input);
  }

  end(): void {
    if (this.#separator === undefined) {
      const head = this.#head;
      this.#head = '';
      this.#separator = detectSeparator(head).charCodeAt(0);
      this.#parse(head);
    }
    if (this.#state === State.Quoted) throw new CsvError(this.#openedOn, 'a quoted field is never closed (missing ")', 'een veld tussen aanhalingstekens wordt nooit gesloten (" ontbreekt)');
    if (this.#inRecord) this.#endRecord();
  }

  #parse(text: string): void {
    const sep = this.#separator!;
    // Characters of the current field are taken as one slice from runStart when the field ends.
    let runStart = -1;
    const flush = (i: number): void => {
      if (runStart >= 0) {
        this.#field += text.slice(runStart, i);
        runStart = -1;
      }
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#afterCr) {
        this.#afterCr = false;
        if (c === LF) {
          // The LF of a CRLF: part of the line end just counted (inside a quoted field, kept with it).
          if (this.#state === State.Quoted && runStart < 0) runStart = i;
          continue;
        }
      }
      if (!this.#inRecord) {
        this.#inRecord = true;
        this.#recordLine = this.#line;
      }
      switch (this.#state) {
        case State.FieldStart:
        case State.Unquoted:
          if (c === sep) {
            flush(i);
            this.#endField();
            this.#state = State.FieldStart;
          } else if (c === CR || c === LF) {
            flush(i);
            this.#endRecord();
            this.#lineEnd(c);
          } else if (c === QUOTE && this.#state === State.FieldStart) {
            this.#state = State.Quoted;
            this.#openedOn = this.#line;
          } else {
            if (runStart < 0) runStart = i;
            this.#state = State.Unquoted;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            flush(i);
            this.#state = State.QuoteInQuoted;
          } else {
            if (runStart < 0) runStart = i;
            if (c === CR || c === LF) this.#lineEnd(c);
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.#field += '"';
            this.#state = State.Quoted;
          } else if (c === sep) {
            this.#endField();
            this.#state = State.FieldStart;
          } else if (c === CR || c === LF) {
            this.#endRecord();
            this.#lineEnd(c);
          } else {
            throw new CsvError(this.#line, 'unexpected text after a closing quote; write "" for a quote inside a quoted field', 'tekst na een sluitend aanhalingsteken; schrijf "" voor een aanhalingsteken binnen een veld tussen aanhalingstekens');
          }
          break;
      }
    }
    flush(text.length);
  }

  /** Scans the held-back text from `from` on for the header's end: a line end outside quotes. */
  #headLineEnds(from: number): boolean {
    for (let i = from; i < this.#head.length; i++) {
      const c = this.#head.charCodeAt(i);
      if (c === QUOTE) this.#headQuoted = !this.#headQuoted;
      else if (!this.#headQuoted && (c === CR || c === LF)) return true;
    }
    return false;
  }

  #lineEnd(c: number): void {
    this.#line++;
    this.#afterCr = c === CR;
  }

  #endField(): void {
    this.#fields.push(this.#field);
    this.#field = '';
  }

  #endRecord(): void {
    this.#endField();
    const record = { line: this.#recordLine, fields: this.#fields };
    this.#fields = [];
    this.#inRecord = false;
    this.#state = State.FieldStart;
    this.#onRecord(record);
  }
}

/** Parses CSV text into records with their starting line numbers; the separator is detected from the header line. */
export function parseCsvRecords(text: string, separator?: CsvSeparator): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvParser((r) => records.push(r), separator);
  parser.push(text);
  parser.end();
  return records;
}

/** Parses CSV text into rows of fields; the separator is detected from the header line. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => [...r.fields]);
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
