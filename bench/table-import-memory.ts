// Benchmark: memory of a table import at its bounds and ten times over them (docs/benchmarks.md).
// Usage:
//   npm run bench:table-import -- [--repeat 3] [--out <folder>] [--keep]
//
// The parent writes budget tables for Amsterdam-Amstelland once (CSV and XLSX; an output folder is
// reused), then reads each in a fresh child process exactly as `jeugdregie budget import` does,
// without the database: readTableFile + budgetImport + finish. The child reports its peak RSS
// (getrusage maxrss, which includes Node and the loaded code), its V8 heap at the end, the time and
// the outcome. A child that only loads the same modules gives the base line.
//
// The files:
//   at-bound     50,000 rows under the header (the row bound), ~10 MB as CSV (the byte bound), each
//                row a distinct budget line, all valid: every row is read and kept.
//   10x-rows     500,000 short rows within the byte bound: a CSV is refused while reading, at row
//                50,002; a workbook's sheet unpacks beyond its bound and is refused before reading.
//   6x-rows      (XLSX) 300,000 short rows within every size bound: refused while reading, at row 50,002.
//   10x-bytes    100 MB (XLSX: a workbook of that size): refused by its size before it is opened.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedRegion } from '../src/config/region-file.ts';
import { MAX_TABLE_BYTES, MAX_TABLE_ROWS, readTableFile } from '../src/config/table-file.ts';
import { budgetImport } from '../src/domain/budget-import.ts';
import { isRefusal } from '../src/domain/errors.ts';

const SELF = fileURLToPath(import.meta.url);
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const MB = 1024 * 1024;

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

interface ChildReport {
  readonly ms: number;
  readonly maxRssMb: number;
  readonly heapUsedMb: number;
  readonly outcome: string;
}

if (arg('--child') !== undefined) {
  await child(arg('--child')!);
} else {
  await parent();
}

async function child(file: string): Promise<void> {
  const region = await loadShippedRegion('amsterdam-amstelland');
  const started = performance.now();
  let outcome = 'modules only';
  if (file !== 'none') {
    try {
      const imp = await readTableFile(file, (place) => budgetImport(place, { municipalities: region.municipalities, storedYears: [] }));
      const result = imp.finish();
      outcome = result.ok ? `imported ${result.value.reduce((n, b) => n + b.lines.length, 0).toLocaleString('en')} lines` : `refused: ${result.count} problem(s), first: ${result.problems[0]!.said.en}`;
    } catch (e) {
      if (!isRefusal(e)) throw e;
      outcome = `refused: ${e.text('en')}`;
    }
  }
  const report: ChildReport = {
    ms: Math.round(performance.now() - started),
    maxRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    heapUsedMb: Math.round((process.memoryUsage().heapUsed / MB) * 10) / 10,
    outcome,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function parent(): Promise<void> {
  const repeat = Number(arg('--repeat') ?? '3');
  const out = arg('--out') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'jeugdregie-bench-table-'));
  fs.mkdirSync(out, { recursive: true });
  const files = await writeFiles(out);
  const run = (file: string): ChildReport => JSON.parse(execFileSync(process.execPath, [RUN_TS, SELF, '--child', file], { encoding: 'utf8', maxBuffer: 16 * MB }).trim().split('\n').at(-1)!) as ChildReport;

  process.stdout.write(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; files in ${out}\n`);
  process.stdout.write('| file | size | peak RSS (MB) | heap at end (MB) | time (ms) | outcome |\n|---|---|---|---|---|---|\n');
  for (const [label, file] of [['modules only (base line)', 'none'] as const, ...files]) {
    const runs = Array.from({ length: repeat }, () => run(file));
    const median = (f: (r: ChildReport) => number) => runs.map(f).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    const size = file === 'none' ? '' : `${(fs.statSync(file).size / MB).toFixed(1)} MB`;
    const rss = runs.map((r) => r.maxRssMb);
    process.stdout.write(`| ${label} | ${size} | ${median((r) => r.maxRssMb)} (${Math.min(...rss)}–${Math.max(...rss)}) | ${median((r) => r.heapUsedMb)} | ${median((r) => r.ms)} | ${runs[0]!.outcome.slice(0, 160)} |\n`);
  }
  if (!args.includes('--keep') && arg('--out') === undefined) fs.rmSync(out, { recursive: true, force: true });
}

/** Every file once; an existing one (same name in --out) is reused. */
async function writeFiles(out: string): Promise<[string, string][]> {
  const municipalities = (await loadShippedRegion('amsterdam-amstelland')).municipalities;
  // At the bound: 50,000 distinct lines, padded so the CSV is just under the byte bound.
  const header = 'year;municipality;line;amount_eur';
  const lineAt = (i: number) => `Regel ${String(i).padStart(5, '0')} `;
  const rowAt = (i: number, pad: number) => `2028;${municipalities[i % municipalities.length]!.code};${lineAt(i)}${'x'.repeat(pad)};${(i % 900) + 1}.000,${String(i % 100).padStart(2, '0')}`;
  const fixed = Buffer.byteLength(`${header}\n`) + MAX_TABLE_ROWS * Buffer.byteLength(`${rowAt(0, 0)}\n`);
  const pad = Math.floor((MAX_TABLE_BYTES - fixed - MAX_TABLE_ROWS * 2) / MAX_TABLE_ROWS);

  const files: [string, string][] = [];
  const csv = (name: string, write: (w: (text: string) => void) => void) => {
    const file = path.join(out, name);
    if (!fs.existsSync(file)) {
      const fd = fs.openSync(file, 'w');
      let buffer = '';
      write((text) => {
        buffer += text;
        if (buffer.length > MB) {
          fs.writeSync(fd, buffer);
          buffer = '';
        }
      });
      fs.writeSync(fd, buffer);
      fs.closeSync(fd);
    }
    return file;
  };
  files.push([`CSV at the bound (${MAX_TABLE_ROWS.toLocaleString('en')} rows)`, csv('at-bound.csv', (w) => {
    w(`${header}\n`);
    for (let i = 0; i < MAX_TABLE_ROWS; i++) w(`${rowAt(i, pad)}\n`);
  })]);
  files.push(['CSV 10× the rows', csv('10x-rows.csv', (w) => {
    w(`${header}\n`);
    for (let i = 0; i < 10 * MAX_TABLE_ROWS; i++) w(`2028;0363;${i};1\n`);
  })]);
  files.push(['CSV 10× the bytes', csv('10x-bytes.csv', (w) => {
    w(`${header}\n`);
    const row = `${rowAt(1, pad)}\n`;
    for (let i = 0; i < (10 * MAX_TABLE_BYTES) / row.length; i++) w(row);
  })]);

  const xlsx = async (name: string, rows: number, row: (i: number) => (string | number)[], header = ['year', 'municipality', 'line', 'amount_eur']) => {
    const file = path.join(out, name);
    if (fs.existsSync(file)) return file;
    // Loaded here only, so that the children measure the import without exceljs.
    const { default: ExcelJS } = await import('exceljs');
    // Excel keeps text in the shared strings; so does this writer.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = wb.addWorksheet('Begroting');
    sheet.addRow(header).commit();
    for (let i = 0; i < rows; i++) sheet.addRow(row(i)).commit();
    await wb.commit();
    return file;
  };
  files.push([`XLSX at the bound (${MAX_TABLE_ROWS.toLocaleString('en')} rows)`, await xlsx('at-bound.xlsx', MAX_TABLE_ROWS, (i) => [2028, municipalities[i % municipalities.length]!.name, `${lineAt(i)}${'x'.repeat(pad)}`, (i % 90_000) * 1000 + 1 + (i % 100) / 100])]);
  // Ten times the rows unpack beyond the sheet's bound (~140 bytes of XML a row), which the zip's
  // directory tells before anything is read; six times the rows stay within it and are read up to the bound.
  files.push(['XLSX 10× the rows', await xlsx('10x-rows.xlsx', 10 * MAX_TABLE_ROWS, () => [2028, 363, 1], ['year', 'municipality', 'amount_cents'])]);
  files.push(['XLSX 6× the rows', await xlsx('6x-rows.xlsx', 6 * MAX_TABLE_ROWS, () => [2028, 363, 1], ['year', 'municipality', 'amount_cents'])]);
  const big = path.join(out, '10x-bytes.xlsx');
  if (!fs.existsSync(big)) {
    // Its size is what is measured: a workbook padded to ten times the bound (it is refused unopened).
    fs.copyFileSync(files.at(-1)![1], big);
    fs.truncateSync(big, 10 * MAX_TABLE_BYTES);
  }
  files.push(['XLSX 10× the bytes', big]);
  return files;
}
