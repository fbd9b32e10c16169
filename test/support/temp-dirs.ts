// Temporary folders for a test file, removed when the file's tests are done (after the suites'
// own afterAll hooks, so a database in one is closed first).
//
// The random part is six digits, not mkdtemp's letters and digits: a delivered file's name is
// reported and stored with the message's person values left out (src/ijw/person-data.ts), case-
// insensitively, so a random "ZOToMx" lost its "ToM" to the official example's first name "Tom" and
// a test comparing the reported path failed one run in many. Six digits cannot hold a BSN (nine), a
// birth date (eight) or a phone number (ten), and the examples hold no other person value of digits.
import { afterAll } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  for (;;) {
    const dir = path.join(os.tmpdir(), `${prefix}${crypto.randomInt(0, 1_000_000).toString().padStart(6, '0')}`);
    try {
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    made.push(dir);
    return dir;
  }
}
