// Reads the first visible worksheet of an .xlsx workbook as rows of cells, streaming: the zip's
// directory is read first, then only the parts needed (workbook, relationships, shared strings,
// styles, the one sheet), each with a bound on its unpacked size, and the sheet row by row. Why not
// exceljs' streaming reader: it shows the cells an array formula fills as plain values (only the
// top-left cell carries the formula), caches the shared strings without a bound, and parks sheets
// that come before the shared strings in temporary files (decisions.md).
import { open as openFile } from 'node:fs/promises';
import { posix } from 'node:path';
import yauzl from 'yauzl';
import type { Said } from '../domain/table-cells.ts';
import type { RowSink, TablePlace } from '../domain/table-import.ts';
import { XmlError, XmlScanner } from './xml-scanner.ts';
import { SheetReader, WorkbookError, unescapeOoxml } from './xlsx-sheet.ts';

export { WorkbookError } from './xlsx-sheet.ts';

/** Unpacked size bounds per part: the sheet is streamed; shared strings and the rest are held. */
export interface XlsxLimits {
  readonly maxRows: number;
  readonly maxSheetBytes: number;
  readonly maxSharedStringsBytes: number;
  readonly maxPartBytes: number;
}

/** Most zip entries a workbook may have; a real one has a few dozen. */
const MAX_ENTRIES = 10_000;
const SPREADSHEET_REL = /\/(officeDocument|worksheet|sharedStrings|styles)$/;

export async function readXlsx<S extends RowSink>(path: string, file: string, limits: XlsxLimits, start: (place: TablePlace) => S): Promise<S> {
  await checkSignature(path);
  const zip = await openZip(path);
  try {
    const entries = await listEntries(zip);
    const part = (name: string, limit: number) => readPart(zip, entries, name, limit);
    const root = await relationships(part, '_rels/.rels', '', limits.maxPartBytes);
    const workbookPath = root.find((r) => r.type === 'officeDocument')?.target ?? 'xl/workbook.xml';
    const workbookRels = await relationships(part, relsPathOf(workbookPath), posix.dirname(workbookPath), limits.maxPartBytes);
    const workbook = await readWorkbook(part, workbookPath, limits.maxPartBytes);
    const sheet = workbook.sheets.find((s) => s.state === 'visible' && workbookRels.find((r) => r.id === s.relId)?.type === 'worksheet');
    if (!sheet) throw new WorkbookError({ en: 'the workbook has no visible worksheet; put the table on the first sheet', nl: 'de werkmap heeft geen zichtbaar werkblad; zet de tabel op het eerste blad' });
    const sheetPath = workbookRels.find((r) => r.id === sheet.relId)!.target;
    const sharedPath = workbookRels.find((r) => r.type === 'sharedStrings')?.target;
    const stylesPath = workbookRels.find((r) => r.type === 'styles')?.target;
    const shared = sharedPath && entries.has(sharedPath) ? await readSharedStrings(part, sharedPath, limits.maxSharedStringsBytes) : [];
    const dateStyles = stylesPath && entries.has(stylesPath) ? await readDateStyles(part, stylesPath, limits.maxPartBytes) : [];
    const sink = start({ file, sheet: sheet.name });
    const reader = new SheetReader(sink, { shared, dateStyles, date1904: workbook.date1904, maxRows: limits.maxRows, sheet: sheet.name });
    await part(sheetPath, limits.maxSheetBytes)(reader.scanner());
    return sink;
  } catch (e) {
    if (e instanceof XmlError) throw new WorkbookError({ en: `the workbook cannot be read (${e.reason}); open it in Excel and save it again as .xlsx`, nl: `de werkmap is niet leesbaar (${e.reason}); open hem in Excel en sla hem opnieuw op als .xlsx` });
    throw e;
  } finally {
    zip.close();
  }
}

/** An .xlsx is a zip; a password-protected workbook or an old .xls is a different container. */
async function checkSignature(path: string): Promise<void> {
  const handle = await openFile(path, 'r');
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  if (head.readUInt32BE(0) === 0xd0cf11e0) {
    throw new WorkbookError({
      en: 'the workbook is password-protected or an old Excel 97–2003 file; save it without a password as .xlsx',
      nl: 'de werkmap is beveiligd met een wachtwoord of een oud Excel 97–2003-bestand; sla hem zonder wachtwoord op als .xlsx',
    });
  }
  if (head.readUInt32LE(0) !== 0x04034b50) throw new WorkbookError({ en: 'the file is not an Excel workbook (.xlsx); save the table as .xlsx or as CSV UTF-8', nl: 'het bestand is geen Excel-werkmap (.xlsx); sla de tabel op als .xlsx of als CSV UTF-8' });
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (err, zip) => (err ? reject(broken(err)) : resolve(zip))),
  );
}

function broken(e: Error): WorkbookError {
  return new WorkbookError({ en: `the workbook is damaged (${e.message}); open it in Excel and save it again as .xlsx`, nl: `de werkmap is beschadigd (${e.message}); open hem in Excel en sla hem opnieuw op als .xlsx` });
}

function listEntries(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>();
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entries.size >= MAX_ENTRIES) {
        reject(new WorkbookError({ en: `the workbook has more than ${MAX_ENTRIES} parts; it is not a plain table`, nl: `de werkmap heeft meer dan ${MAX_ENTRIES} onderdelen; het is geen gewone tabel` }));
        return;
      }
      entries.set(entry.fileName, entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (e: Error) => reject(broken(e)));
    zip.readEntry();
  });
}

type PartReader = (name: string, limit: number) => (handler: XmlScanner) => Promise<void>;

/** Streams one part through an XML scanner, refusing it when it unpacks beyond `limit` bytes. */
function readPart(zip: yauzl.ZipFile, entries: ReadonlyMap<string, yauzl.Entry>, name: string, limit: number): (scanner: XmlScanner) => Promise<void> {
  return async (scanner) => {
    const entry = entries.get(name);
    if (!entry) throw new WorkbookError({ en: `the workbook lacks its part ${name}; open it in Excel and save it again as .xlsx`, nl: `de werkmap mist het onderdeel ${name}; open hem in Excel en sla hem opnieuw op als .xlsx` });
    const tooLarge = new WorkbookError({
      en: `the workbook's part ${name} unpacks to more than ${sizeText(limit)}; an import takes a plain table of at most that size`,
      nl: `het onderdeel ${name} van de werkmap is uitgepakt groter dan ${sizeText(limit)}; een import neemt een gewone tabel van hoogstens die grootte`,
    });
    if (entry.uncompressedSize > limit) throw tooLarge;
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(broken(err)) : resolve(s))));
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let bytes = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > limit) throw tooLarge;
        scanner.push(decoder.decode(chunk, { stream: true }));
      }
      scanner.push(decoder.decode());
      scanner.end();
    } catch (e) {
      if (errorCode(e) === 'ERR_ENCODING_INVALID_ENCODED_DATA') throw new XmlError(`${name} is not UTF-8 text`);
      // Plain errors and zlib's come from unpacking: a damaged zip. Anything else is ours to see.
      if (e instanceof Error && (e.constructor === Error || errorCode(e).startsWith('Z_'))) throw broken(e);
      throw e;
    } finally {
      (stream as unknown as { destroy(): void }).destroy();
    }
  };
}

function errorCode(e: unknown): string {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : '';
}

/** "64 MB", or the bytes for a bound below a megabyte. */
export function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes.toLocaleString('en')} bytes` : `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/** Collects elements of a small part with a handler that only needs opening tags (and text, optionally). */
function collector(onOpen: (name: string, a: Readonly<Record<string, string>>, path: readonly string[]) => void): XmlScanner {
  const path: string[] = [];
  return new XmlScanner({
    open(name, a, empty) {
      onOpen(name, a, path);
      if (!empty) path.push(name);
    },
    close() {
      path.pop();
    },
    text() {},
  });
}

interface Relationship {
  readonly id: string;
  /** The last part of the relationship type: worksheet, sharedStrings, styles, officeDocument, … */
  readonly type: string;
  /** The target's path inside the zip. */
  readonly target: string;
}

async function relationships(part: PartReader, relsPath: string, baseDir: string, limit: number): Promise<Relationship[]> {
  const out: Relationship[] = [];
  const scanner = collector((name, a) => {
    if (name !== 'Relationship' || a.TargetMode === 'External' || a.Target === undefined) return;
    const type = SPREADSHEET_REL.exec(a.Type ?? '')?.[1] ?? a.Type ?? '';
    const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join(baseDir, a.Target));
    out.push({ id: a.Id ?? '', type, target });
  });
  try {
    await part(relsPath, limit)(scanner);
  } catch (e) {
    // A workbook without package relationships still has the usual names.
    if (e instanceof WorkbookError && relsPath === '_rels/.rels' && /lacks its part/.test(e.said.en)) return [];
    throw e;
  }
  return out;
}

function relsPathOf(partPath: string): string {
  return posix.join(posix.dirname(partPath), '_rels', `${posix.basename(partPath)}.rels`);
}

interface WorkbookInfo {
  readonly sheets: { readonly name: string; readonly relId: string; readonly state: string }[];
  readonly date1904: boolean;
}

async function readWorkbook(part: PartReader, path: string, limit: number): Promise<WorkbookInfo> {
  const sheets: WorkbookInfo['sheets'][number][] = [];
  let date1904 = false;
  await part(path, limit)(
    collector((name, a) => {
      if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904 === 'true';
      if (name === 'sheet') sheets.push({ name: a.name ?? '', relId: a.id ?? '', state: a.state ?? 'visible' });
    }),
  );
  return { sheets, date1904 };
}

/** The shared string table: one text per <si>, from its <t> and rich-text runs, without phonetic guides. */
async function readSharedStrings(part: PartReader, path: string, limit: number): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  await part(path, limit)(
    new XmlScanner({
      open(name, _a, empty) {
        if (name === 'si') current = [];
        else if (name === 'rPh' && !empty) phonetic++;
        else if (name === 't' && !empty && phonetic === 0) inText = true;
        if (empty && name === 'si') strings.push('');
      },
      close(name) {
        if (name === 't') inText = false;
        else if (name === 'rPh') phonetic--;
        else if (name === 'si' && current) {
          strings.push(unescapeOoxml(current.join('')));
          current = undefined;
        }
      },
      text(text) {
        if (inText && current) current.push(text);
      },
    }),
  );
  return strings;
}

/** Built-in number formats that show a date or time (ECMA-376 §18.8.30, and the East Asian ones). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Per cell style (index into cellXfs): does it show a number as a date? */
async function readDateStyles(part: PartReader, path: string, limit: number): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  await part(path, limit)(
    collector((name, a, parents) => {
      if (name === 'numFmt') custom.set(Number(a.numFmtId), a.formatCode ?? '');
      if (name === 'xf' && parents.at(-1) === 'cellXfs') xfFormats.push(Number(a.numFmtId ?? 0));
    }),
  );
  return xfFormats.map((id) => (custom.has(id) ? isDateFormat(custom.get(id)!) : DATE_FORMAT_IDS.has(id)));
}

/** A format code shows a date or time when, outside quoted text, escapes and [colour] brackets, it has d, m, y, h or s. */
export function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').replace(/_.|\*./g, '');
  return /[dmyhs]/i.test(bare.split(';')[0] ?? '');
}

