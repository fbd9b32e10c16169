// Where messages come from: files, folders (recursively, *.xml) and zip archives. A zip is checked as
// a whole before anything in it is read: an entry whose path would leave the archive's folder (an
// absolute path, "..", a drive letter) refuses the zip. Sizes are bounded before reading.
import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { readMessageFile } from './ingest-jobs.ts';

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

export class IngestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestInputError';
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
      if (invalid && !problem) problem = `entry "${name}" has a path outside the archive's folder (${invalid}); the archive is refused as a whole`;
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

async function* zipItems(info: ZipInfo, limit: number): AsyncIterable<SourceItem> {
  if (info.problem) {
    yield { ok: false, name: info.file, message: info.problem };
    return;
  }
  const zip = await openZip(info.file);
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
      yield { ok: false, name: info.file, message: `damaged zip archive (${(e as Error).message})` };
      return;
    }
    if (!entry) break;
    const name = `${info.file}!${entryName(entry)}`;
    if (name.endsWith('/')) continue;
    if (entry.uncompressedSize > limit) {
      yield { ok: false, name, message: `the entry is ${entry.uncompressedSize} bytes unpacked; an iJw message is at most ${limit} bytes` };
      continue;
    }
    try {
      const bytes = await readEntry(zip, entry, limit);
      yield { ok: true, source: { name, read: async () => bytes } };
    } catch (e) {
      yield { ok: false, name, message: `cannot unpack the entry (${(e as Error).message})` };
    }
  }
  zip.close();
}

/** The files an ingest reads from a folder: iJw messages and zips of them. */
const MESSAGE_FILE = /\.(xml|zip)$/i;

/** Expands the inputs; a path that does not exist fails the command before anything is read. */
export async function planInputs(inputs: readonly string[], limit: number): Promise<Plan> {
  // Files are found twice: once to count them (the progress total) and again, lazily, while they are
  // read — so a folder of a million files never sits in memory as a list of paths.
  function* filesUnder(p: string): Generator<string> {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) throw new IngestInputError(`${p} does not exist`);
    if (!st.isDirectory()) {
      yield p;
      return;
    }
    // Entry types come with the listing (no stat per file); a symbolic link is followed with a stat.
    const entries = fs.readdirSync(p, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // path.join(p, name) for every entry, without normalising the same folder name again each time
    const dir = path.join(p, '.');
    const prefix = dir === '.' ? '' : dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const e of entries) {
      const child = prefix + e.name;
      if (e.isFile()) {
        if (MESSAGE_FILE.test(e.name)) yield child;
      } else if (e.isDirectory() || fs.statSync(child, { throwIfNoEntry: false })?.isDirectory() === true) yield* filesUnder(child);
      else if (MESSAGE_FILE.test(e.name)) yield child;
    }
  }
  const zips = new Map<string, ZipInfo>();
  let total = 0;
  for (const i of inputs) {
    for (const f of filesUnder(i)) {
      if (f.toLowerCase().endsWith('.zip')) {
        const zip = await scanZip(f);
        zips.set(f, zip);
        total += zip.problem ? 1 : zip.entries;
      } else total++;
    }
  }
  const files = (function* () {
    for (const i of inputs) yield* filesUnder(i);
  })();
  async function* items(): AsyncIterable<SourceItem> {
    for (const f of files) {
      const zip = zips.get(f) ?? (f.toLowerCase().endsWith('.zip') ? await scanZip(f) : undefined);
      if (zip) {
        yield* zipItems(zip, limit);
        continue;
      }
      // Size and existence are checked when the file is read (readMessageFile), not with a stat here.
      yield { ok: true, source: { name: f, path: f, read: async () => readMessageFile(f, limit) } };
    }
  }
  return { total, items: items() };
}
