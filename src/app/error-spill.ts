// Errors of an ingest beyond those kept in memory (ingest.ts keeps the first 10,000): written to a
// temporary file as JSON lines, in order, so a delivery of a million bad files does not sit in
// memory, and read back once the ingest is done (the `--format json` summary lists every error).
// The file's name is removed right after it is created where the system allows that (Linux, macOS):
// the data then lives only as long as this process holds the file open, so nothing is left behind,
// whatever ends the process (Ctrl+C, SIGKILL). Elsewhere the file is removed at exit. The errors carry
// file names, element paths and rules, never person data (see ingest-prepare.ts); mode 0600 anyway.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const leftovers = new Set<string>();
let exitHook = false;

export class ErrorSpill<T> {
  readonly path: string;
  #fd: number | null;
  #pending: string[] = [];
  #count = 0;

  constructor() {
    this.path = path.join(os.tmpdir(), `jeugdregie-ingest-errors-${process.pid}-${randomUUID()}.jsonl`);
    this.#fd = fs.openSync(this.path, 'wx+', 0o600);
    try {
      fs.unlinkSync(this.path);
    } catch {
      leftovers.add(this.path);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => {
          for (const f of leftovers) fs.rmSync(f, { force: true });
        });
      }
    }
  }

  /** Errors written so far. */
  get count(): number {
    return this.#count;
  }

  add(item: T): void {
    this.#pending.push(JSON.stringify(item));
    this.#count++;
    if (this.#pending.length >= 1000) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    fs.writeSync(this.#open(), this.#pending.join('\n') + '\n');
    this.#pending = [];
  }

  /** Every error written, in order (may be read more than once). */
  async *read(): AsyncIterable<T> {
    this.flush();
    const input = fs.createReadStream('', { fd: this.#open(), start: 0, autoClose: false, encoding: 'utf8' });
    for await (const line of createInterface({ input, crlfDelay: Infinity })) if (line !== '') yield JSON.parse(line) as T;
  }

  /** Closes and removes the file. */
  remove(): void {
    if (this.#fd === null) return;
    fs.closeSync(this.#fd);
    this.#fd = null;
    if (leftovers.delete(this.path)) fs.rmSync(this.path, { force: true });
  }

  #open(): number {
    if (this.#fd === null) throw new Error('the spilled errors were already removed');
    return this.#fd;
  }
}
