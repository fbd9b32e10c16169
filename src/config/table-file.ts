// Reads a table file (CSV or XLSX) row by row into an import (src/domain/table-import.ts). Only
// reading happens here; every judgement about the contents is made by the pure import, so the same
// rules apply whether the table came from a CSV, a spreadsheet or, later, the API. A file is bounded
// in bytes and rows, checked while it is read: reading stops at the bound, so memory never grows with
// the file beyond it.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { CsvError, CsvParser } from '../domain/csv.ts';
import { Refusal, type Where } from '../domain/errors.ts';
import type { Said } from '../domain/table-cells.ts';
import type { RowSink, TablePlace } from '../domain/table-import.ts';
import { WorkbookError, readXlsx, sizeText } from './xlsx-file.ts';

/** Largest table file an import reads, CSV or XLSX as given. */
export const MAX_TABLE_BYTES = 10 * 1024 * 1024;
/** Most rows under the header; a file with more is refused as it is read. */
export const MAX_TABLE_ROWS = 50_000;
/** Unpacked size of a workbook's sheet (streamed) and shared strings (held while the sheet is read). */
export const MAX_XLSX_SHEET_BYTES = 64 * 1024 * 1024;
export const MAX_XLSX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024;
/** Unpacked size of the other parts read: workbook, relationships, styles. */
export const MAX_XLSX_PART_BYTES = 4 * 1024 * 1024;

export interface TableLimits {
  readonly maxBytes: number;
  readonly maxRows: number;
  readonly maxSheetBytes: number;
  readonly maxSharedStringsBytes: number;
  readonly maxPartBytes: number;
}

export const TABLE_LIMITS: TableLimits = Object.freeze({
  maxBytes: MAX_TABLE_BYTES,
  maxRows: MAX_TABLE_ROWS,
  maxSheetBytes: MAX_XLSX_SHEET_BYTES,
  maxSharedStringsBytes: MAX_XLSX_SHARED_STRINGS_BYTES,
  maxPartBytes: MAX_XLSX_PART_BYTES,
});

/** Pieces a CSV file is read in. */
const CHUNK_BYTES = 64 * 1024;

/** The file as a whole cannot be read as a table; nothing of it is imported. */
export class TableFileError extends Refusal<'PROBLEM'> {
  constructor(where: Where, said: Said) {
    super('PROBLEM', said, where);
    this.name = 'TableFileError';
  }
}

/**
 * Reads `.csv` (UTF-8, optional BOM, ',' or ';' detected from the header) or `.xlsx` (the first
 * visible worksheet) into the sink that `start` makes once it knows the file's place. Row numbers are
 * the file's own: a CSV record is numbered by the line it starts on, a sheet row by its row number.
 */
export async function readTableFile<S extends RowSink>(path: string, start: (place: TablePlace) => S, limits: TableLimits = TABLE_LIMITS): Promise<S> {
  if (path.trim() === '') throw new Refusal('PROBLEM', { en: 'no file was named; give the path of a .csv or .xlsx file', nl: 'er is geen bestand genoemd; geef het pad van een .csv- of .xlsx-bestand' });
  const file = basename(path);
  const ext = extname(path).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') {
    throw new TableFileError(
      { file },
      {
        en: `cannot read "${ext || 'no extension'}" files; save the table as .xlsx or as CSV UTF-8 (.csv)`,
        nl: `kan "${ext || 'geen extensie'}"-bestanden niet lezen; sla de tabel op als .xlsx of als CSV UTF-8 (.csv)`,
      },
    );
  }
  const size = (await stat(path)).size;
  if (size > limits.maxBytes) throw tooLarge(file, limits.maxBytes);
  if (ext === '.csv') return readCsv(path, file, limits, start);
  try {
    return await readXlsx(path, file, limits, start);
  } catch (e) {
    if (e instanceof WorkbookError) {
      throw new TableFileError({ file, ...(e.sheet !== undefined ? { sheet: e.sheet } : {}), ...(e.row !== undefined ? { row: e.row } : {}) }, e.said);
    }
    throw e;
  }
}

async function readCsv<S extends RowSink>(path: string, file: string, limits: TableLimits, start: (place: TablePlace) => S): Promise<S> {
  const sink = start({ file });
  let records = 0;
  const parser = new CsvParser((record) => {
    if (++records > limits.maxRows + 1) {
      throw new TableFileError(
        { file, line: record.line },
        {
          en: `the file has more than ${limits.maxRows.toLocaleString('en')} rows under the header; split it over several files`,
          nl: `het bestand heeft meer dan ${limits.maxRows.toLocaleString('nl')} rijen onder de kopregel; verdeel het over meer bestanden`,
        },
      );
    }
    sink.add(record.line, record.fields);
  });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let first = true;
  try {
    // The size was checked before opening; counting again covers a file that grows while it is read.
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) throw tooLarge(file, limits.maxBytes);
      if (first) {
        first = false;
        if (isUtf16(chunk)) throw notUtf8(file, 1, true);
      }
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw notUtf8(file, parser.line + lineEndsBeforeBadByte(chunk), false);
      }
      parser.push(text);
    }
    try {
      parser.push(decoder.decode());
    } catch {
      throw notUtf8(file, parser.line, false);
    }
    parser.end();
  } catch (e) {
    if (e instanceof CsvError) throw new TableFileError({ file, line: e.line }, { en: e.reason, nl: e.reasonNl });
    throw e;
  }
  return sink;
}

function tooLarge(file: string, maxBytes: number): TableFileError {
  const mb = sizeText(maxBytes);
  return new TableFileError(
    { file },
    {
      en: `the file is larger than ${mb}, the most an import reads; split the table over several files`,
      nl: `het bestand is groter dan ${mb}, het meeste dat een import leest; verdeel de tabel over meer bestanden`,
    },
  );
}

function isUtf16(chunk: Buffer): boolean {
  return chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff));
}

/** Line ends in the chunk before its first byte that is not UTF-8 (counted from the line being read). */
function lineEndsBeforeBadByte(chunk: Buffer): number {
  const text = new TextDecoder('utf-8').decode(chunk);
  const bad = text.indexOf('\uFFFD');
  const before = bad < 0 ? '' : text.slice(0, bad);
  return (before.match(/\r\n|\r|\n/g) ?? []).length;
}

function notUtf8(file: string, line: number, utf16: boolean): TableFileError {
  // Older Dutch Excel versions save "CSV (puntkomma)" in Windows-1252; guessing the encoding would
  // silently corrupt names, so ask for UTF-8.
  return new TableFileError(
    { file, line },
    utf16
      ? { en: 'the file is UTF-16 text ("Unicode text"); in Excel choose "CSV UTF-8" when saving', nl: 'het bestand is UTF-16-tekst ("Unicode-tekst"); kies in Excel "CSV UTF-8" bij het opslaan' }
      : { en: 'the file is not UTF-8 text (a byte on this line is not); in Excel choose "CSV UTF-8" when saving', nl: 'het bestand is geen UTF-8-tekst (een teken op deze regel niet); kies in Excel "CSV UTF-8" bij het opslaan' },
  );
}
