// Where messages come from: files, folders (recursively, *.xml) and zip archives. A zip is checked as
// a whole before anything in it is read: an entry whose path would leave the archive's folder (an
// absolute path, "..", a drive letter) refuses the zip. Sizes are bounded before reading.
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { redactName } from '../ijw/person-data.ts';
import { readMessageFile } from './ingest-jobs.ts';
import { Refusal } from '../domain/errors.ts';

export { FileTooLargeError, readMessageFile } from './ingest-jobs.ts';

export interface Source {
  /** File path, or "archive.zip!entry/path.xml". */
  readonly name: string;
  /** A plain file's path (absent for a zip entry): the ingest workers then read the file themselves. */
  readonly path?: string;
  /** Reads the message; a file larger than the limit fails with a FileTooLargeError before anything is read. */
  read(): Promise<Buffer>;
}


export type SourceItem = { readonly ok: true; readonly source: Source } | { readonly ok: false; readonly name: string; readonly message: string };

/** A path given to ingest that does not exist (its name with BSN-shaped numbers left out). */
export class IngestInputError extends Refusal<'INGEST_INPUT_MISSING'> {
  constructor(name: string) {
    super('INGEST_INPUT_MISSING', { path: name });
  }
}

export interface Plan {
  readonly total: number;
  readonly items: AsyncIterable<SourceItem>;
}

interface ZipInfo {
  readonly file: string;
  readonly entries: number;
  readonly problem?: string;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: true }, (err, zip) => (err ? reject(err) : resolve(zip))),
  );
}

function entryName(entry: yauzl.Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileName as unknown as Buffer, entry.extraFields, false);
}

/** Reads the central directory only: entry count, and the first entry path that is not allowed. */
async function scanZip(file: string): Promise<ZipInfo> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (e) {
    return { file, entries: 0, problem: `not a readable zip archive (${(e as Error).message})` };
  }
  return new Promise((resolve) => {
    let entries = 0;
    let problem: string | undefined;
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entryName(entry);
      const invalid = yauzl.validateFileName(name) ?? (/^[A-Za-z]:/.test(name) ? 'absolute path' : null);
      if (invalid && !problem) problem = `entry ${JSON.stringify(redactName(name))} has a path outside the archive's folder (${invalid}); the archive is refused as a whole`;
      if (!name.endsWith('/')) entries++;
      zip.readEntry();
    });
    zip.on('end', () => resolve({ file, entries, ...(problem ? { problem } : {}) }));
    zip.on('error', (e: Error) => resolve({ file, entries, problem: `damaged zip archive (${e.message})` }));
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) {
          stream.destroy(new Error(`more than ${limit} bytes when unpacked`));
          return;
        }
        chunks.push(c);
      });
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    });
  });
}

const ZIP_IN_ZIP = 'a zip archive inside a zip archive: its messages are not read; unpack it and deliver its messages, or the inner archive itself';

async function* zipItems(info: ZipInfo, limit: number): AsyncIterable<SourceItem> {
  if (info.problem) {
    yield { ok: false, name: redactName(info.file), message: info.problem };
    return;
  }
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(info.file);
  } catch (e) {
    yield { ok: false, name: redactName(info.file), message: `not a readable zip archive (${(e as Error).message})` };
    return;
  }
  // Entries are taken one at a time (lazyEntries) so a large archive never sits in memory. The
  // listeners stay attached for the archive's life: an 'error' without a listener would end the process.
  let waiter: { resolve: (e: yauzl.Entry | null) => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const settle = (fn: (w: NonNullable<typeof waiter>) => void) => {
    const w = waiter;
    waiter = null;
    if (w) fn(w);
  };
  zip.on('entry', (e: yauzl.Entry) => settle((w) => w.resolve(e)));
  zip.on('end', () => settle((w) => w.resolve(null)));
  zip.on('error', (e: Error) => {
    failure = e;
    settle((w) => w.reject(e));
  });
  const next = () =>
    new Promise<yauzl.Entry | null>((resolve, reject) => {
      if (failure) return reject(failure);
      waiter = { resolve, reject };
      zip.readEntry();
    });
  for (;;) {
    let entry: yauzl.Entry | null;
    try {
      entry = await next();
    } catch (e) {
      yield { ok: false, name: redactName(info.file), message: `damaged zip archive (${(e as Error).message})` };
      return;
    }
    if (!entry) break;
    const name = redactName(`${info.file}!${entryName(entry)}`);
    if (name.endsWith('/')) continue;
    if (/\.zip$/i.test(name)) {
      yield { ok: false, name, message: ZIP_IN_ZIP };
      continue;
    }
    if (entry.uncompressedSize > limit) {
      yield { ok: false, name, message: `the entry is ${entry.uncompressedSize} bytes unpacked; an iJw message is at most ${limit} bytes` };
      continue;
    }
    try {
      const bytes = await readEntry(zip, entry, limit);
      // a zip by its content under another name (PK\x03\x04, or PK\x05\x06 for an empty one)
      if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))) yield { ok: false, name, message: ZIP_IN_ZIP };
      else yield { ok: true, source: { name, read: async () => bytes } };
    } catch (e) {
      yield { ok: false, name, message: `cannot unpack the entry (${(e as Error).message})` };
    }
  }
  zip.close();
}

/** The files an ingest reads from a folder: iJw messages and zips of them. */
const MESSAGE_FILE = /\.(xml|zip)$/i;

/** What the walk finds: a file to read, or something that cannot be read as one (refused, the rest goes on). */
type Found = { readonly file: string } | { readonly name: string; readonly problem: string };

/** The kind of a directory entry that is not a file or folder, in words. */
function kindOf(st: fs.Stats | fs.Dirent): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

const why = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'its symbolic links form a loop';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (e as Error).message;
};

/**
 * Walks one input: a file, or a folder recursively (*.xml and *.zip, in name order; symbolic links
 * followed). A folder link that leads back to a folder it is in, a link loop, a folder that cannot be
 * read and anything named *.xml or *.zip that is not a regular file (a FIFO would block the read for
 * ever) are refused, one line each, and the walk goes on. A path that does not exist fails the
 * command before anything is read.
 */
function* walk(p: string, top: boolean, ancestors: ReadonlySet<string>): Generator<Found> {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(p, { throwIfNoEntry: false });
  } catch (e) {
    yield { name: p, problem: `cannot be read: ${why(e)}; skipped, the rest goes on` };
    return;
  }
  if (!st) {
    if (top) throw new IngestInputError(redactName(p));
    if (MESSAGE_FILE.test(p)) yield { file: p }; // a link to nothing: reported when read ("gone, or a broken link")
    return;
  }
  if (st.isFile()) {
    if (top || MESSAGE_FILE.test(p)) yield { file: p };
    return;
  }
  if (!st.isDirectory()) {
    if (top || MESSAGE_FILE.test(p)) yield { name: p, problem: `${kindOf(st)}, not a file: it cannot be read as a message; skipped, the rest goes on` };
    return;
  }
  const id = `${st.dev}:${st.ino}`;
  if (ancestors.has(id)) {
    yield { name: p, problem: 'a link to a folder it is itself in (a loop): skipped, that folder is read once; remove the link' };
    return;
  }
  let entries: fs.Dirent[];
  try {
    // Entry types come with the listing (no stat per file); a symbolic link is followed with a stat.
    entries = fs.readdirSync(p, { withFileTypes: true });
  } catch (e) {
    yield { name: p, problem: `the folder cannot be read: ${why(e)}; skipped, the rest goes on` };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const inside = new Set(ancestors).add(id);
  // path.join(p, name) for every entry, without normalising the same folder name again each time
  const dir = path.join(p, '.');
  const prefix = dir === '.' ? '' : dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const e of entries) {
    const child = prefix + e.name;
    if (e.isFile()) {
      if (MESSAGE_FILE.test(e.name)) yield { file: child };
    } else if (e.isDirectory() || e.isSymbolicLink()) yield* walk(child, false, inside);
    else if (MESSAGE_FILE.test(e.name)) yield { name: child, problem: `${kindOf(e)}, not a file: it cannot be read as a message; skipped, the rest goes on` };
  }
}

/**
 * Expands the inputs; a path that does not exist fails the command before anything is read. Every
 * name an item carries is the one reported and stored, with BSN-shaped numbers left out (person-data.ts).
 */
export async function planInputs(inputs: readonly string[], limit: number): Promise<Plan> {
  // Files are found twice: once to count them (the progress total) and again, lazily, while they are
  // read — so a folder of a million files never sits in memory as a list of paths.
  const found = function* () {
    for (const i of inputs) yield* walk(i, true, new Set());
  };
  const zips = new Map<string, ZipInfo>();
  let total = 0;
  for (const f of found()) {
    if ('file' in f && f.file.toLowerCase().endsWith('.zip')) {
      const zip = await scanZip(f.file);
      zips.set(f.file, zip);
      total += zip.problem ? 1 : zip.entries;
    } else total++;
  }
  const files = found();
  async function* items(): AsyncIterable<SourceItem> {
    for (const f of files) {
      if (!('file' in f)) {
        yield { ok: false, name: redactName(f.name), message: f.problem };
        continue;
      }
      const zip = zips.get(f.file) ?? (f.file.toLowerCase().endsWith('.zip') ? await scanZip(f.file) : undefined);
      if (zip) {
        yield* zipItems(zip, limit);
        continue;
      }
      // Size and existence are checked when the file is read (readMessageFile), not with a stat here.
      const file = f.file;
      yield { ok: true, source: { name: redactName(file), path: file, read: async () => readMessageFile(file, limit) } };
    }
  }
  return { total, items: items() };
}
