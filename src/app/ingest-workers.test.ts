// The worker threads decide exactly as the main thread does: same outcomes (accepted rows, or the
// same rejection with file, line, path and redacted message) for valid and invalid messages, read
// by path or handed over as bytes; a file that cannot be read fails as it would in the main thread.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareJob, readMessageFile, readMessageFileForJob, type Job } from './ingest-jobs.ts';
import { PreparePool } from './ingest-workers.ts';
import { MAX_MESSAGE_BYTES } from './ingest-prepare.ts';
import { IJW_EXAMPLES, haveIjwReference } from '../../test/support/ijw-reference.ts';
import { regionScope } from '../../test/support/prepare-scope.ts';

const examples = IJW_EXAMPLES;
const scope = await regionScope('worker-test-key-0123456789abcdef0123456789');
// made only when the tests run: with every test skipped, vitest runs no afterAll to remove it
const work = haveIjwReference ? fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-workers-')) : '';
afterAll(() => {
  if (work !== '') fs.rmSync(work, { recursive: true, force: true });
});

function corpus(): string[] {
  const files: string[] = [];
  const write = (name: string, content: string | Buffer) => {
    const f = path.join(work, name);
    fs.writeFileSync(f, content);
    files.push(f);
  };
  for (const n of fs.readdirSync(examples).sort()) {
    if (!n.endsWith('.xml')) continue;
    const text = fs.readFileSync(path.join(examples, n), 'utf8');
    write(n, text);
    // a few variants each: bad BSN, swapped dates, broken XML, a name in an error, not UTF-8
    write(`bsn-${n}`, text.replace(/<(\w+:)?Bsn>\d+</, '<$1Bsn>999900007<'));
    write(`dates-${n}`, text.replace(/<(\w+:)?Einddatum>[^<]*</, '<$1Einddatum>1999-01-01<'));
    write(`broken-${n}`, text.slice(0, Math.floor(text.length / 2)));
    write(`name-${n}`, text.replace(/<(\w+:)?Achternaam>[^<]*</, '<$1Achternaam>' + 'x'.repeat(300) + '<'));
    write(`latin1-${n}`, Buffer.concat([Buffer.from(text.slice(0, 200)), Buffer.from([0xe9]), Buffer.from(text.slice(200))]));
  }
  return files;
}

describe.runIf(haveIjwReference)('ingest worker threads', () => {
  it('give the same outcome as the main thread for every message, by path and by bytes', async () => {
    const files = corpus();
    const pool = new PreparePool(scope, 2);
    try {
      await pool.whenStarted();
      expect(pool.readyWorkers).toBe(2);
      const jobs: Job[] = files.flatMap((f, i) => [
        { id: 2 * i, file: f, path: f },
        { id: 2 * i + 1, file: `archive.zip!${path.basename(f)}`, bytes: fs.readFileSync(f) },
      ]);
      const inWorkers = jobs.map((j) => pool.submit(j));
      pool.flush();
      const results = await Promise.all(inWorkers);
      const here = jobs.map((j) => {
        const r = prepareJob(j, scope, fs.readFileSync);
        if (!('outcome' in r)) throw new Error(r.error);
        return r.outcome;
      });
      expect(results).toEqual(here);
      // the corpus has both kinds, and rejections of each sort
      expect(results.filter((r) => r.ok).length).toBeGreaterThan(10);
      const rules = new Set(results.flatMap((r) => (r.ok ? [] : [r.rejection.rule])));
      expect(rules).toContain('ijw-rule');
      expect(rules).toContain('xml:utf8');
    } finally {
      await pool.close();
    }
  });

  it('hold a bounded number of jobs per worker; the caller takes queued jobs itself, with the same outcomes', async () => {
    const files = corpus();
    const pool = new PreparePool(scope, 1);
    try {
      await pool.whenStarted();
      const jobs: Job[] = Array.from({ length: 1500 }, (_, i) => ({ id: i, file: files[i % files.length]!, path: files[i % files.length]! }));
      const results = jobs.map((j) => pool.submit(j));
      pool.flush();
      // no turn of the event loop in between: the worker holds its share, the rest waits here
      let stolen = 0;
      while (pool.stealOne()) stolen++;
      expect(stolen).toBeGreaterThan(0);
      expect(stolen).toBeLessThan(jobs.length);
      expect(pool.stealOne()).toBe(false);
      const here = jobs.map((j) => {
        const r = prepareJob(j, scope, fs.readFileSync);
        if (!('outcome' in r)) throw new Error(r.error);
        return r.outcome;
      });
      expect(await Promise.all(results)).toEqual(here);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('fail a job whose file cannot be read, as reading in the main thread would', async () => {
    const pool = new PreparePool(scope, 1);
    try {
      await pool.whenStarted();
      const missing = path.join(work, 'gone.xml');
      const p = pool.submit({ id: 1, file: missing, path: missing });
      pool.flush();
      await expect(p).rejects.toMatchObject({ code: 'ENOENT' });
      // a file larger than a message is refused on its size, before it is read
      const big = path.join(work, 'big.xml');
      fs.writeFileSync(big, '');
      fs.truncateSync(big, MAX_MESSAGE_BYTES + 1);
      const q = pool.submit({ id: 2, file: big, path: big });
      pool.flush();
      await expect(q).rejects.toMatchObject({ code: 'E2BIG', message: expect.stringMatching(new RegExp(`is ${MAX_MESSAGE_BYTES + 1} bytes`)) });
      expect(pool.readyWorkers).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('replace a worker that ran out of memory on a very large message, which is then judged here', async () => {
    const huge = path.join(work, 'huge-elements.xml');
    fs.writeFileSync(huge, '<r>' + '<a x="1"/>'.repeat(Math.floor((MAX_MESSAGE_BYTES - 16) / 10)) + '</r>');
    const pool = new PreparePool(scope, 1);
    try {
      await pool.whenStarted();
      expect(pool.readyWorkers).toBe(1);
      const f = path.join(examples, 'JW305.xml');
      const big = pool.submit({ id: 1, file: huge, path: huge });
      const after = pool.submit({ id: 2, file: f, path: f });
      pool.flush();
      expect((await big).ok).toBe(false); // not an iJw message: refused, in the main thread
      expect((await after).ok).toBe(true);
      await pool.whenStarted();
      expect(pool.readyWorkers).toBe(1); // a new worker took the old one's place
      const again = pool.submit({ id: 3, file: f, path: f });
      pool.flush();
      expect((await again).ok).toBe(true);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('prepares everything in the main thread when no worker is wanted', async () => {
    const pool = new PreparePool(scope, 0);
    expect(pool.starting).toBe(false);
    const f = path.join(examples, 'JW305.xml');
    const p = pool.submit({ id: 1, file: f, path: f });
    pool.flush();
    expect((await p).ok).toBe(true);
    await pool.close();
  });
});

describe('reading message files', () => {
  it('reads every file exactly, small ones through the reused buffer and large ones into their own', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-read-'));
    try {
      const contents = [Buffer.from('<a>first</a>'), Buffer.from('<b/>'), Buffer.alloc(100_000, 0x41), Buffer.from(''), Buffer.alloc(64 * 1024, 0x42)];
      const files = contents.map((c, i) => {
        const f = path.join(dir, `m${i}.xml`);
        fs.writeFileSync(f, c);
        return f;
      });
      for (let i = 0; i < files.length; i++) {
        expect(Buffer.compare(readMessageFileForJob(files[i]!, MAX_MESSAGE_BYTES), contents[i]!), files[i]).toBe(0);
        expect(Buffer.compare(readMessageFile(files[i]!, MAX_MESSAGE_BYTES), contents[i]!)).toBe(0);
      }
      // the reused buffer: a view is valid until the next read (prepareJob judges it at once)
      const first = readMessageFileForJob(files[0]!, MAX_MESSAGE_BYTES);
      readMessageFileForJob(files[1]!, MAX_MESSAGE_BYTES);
      expect(first.buffer).toBe(readMessageFileForJob(files[0]!, MAX_MESSAGE_BYTES).buffer);
      expect(() => readMessageFileForJob(files[2]!, 50_000)).toThrow(/100000 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
