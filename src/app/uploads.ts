// A file that came through the web (a budget table, the cost reports of a settlement), kept on disk
// for as long as its use case reads it: the table readers (src/config/table-file.ts) read a path,
// bounded and streamed, exactly as for the CLI. The file keeps the name it was sent under, so every
// problem names it as the person knows it ("begroting-2029.xlsx, blad Begroting, rij 5").
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Refusal } from '../domain/errors.ts';

export interface Upload {
  /** Where the file is while it is read. */
  readonly path: string;
  /** The name it was sent under (or the one given it). */
  readonly name: string;
  remove(): Promise<void>;
}

const XLSX_SIGNATURE = [0x50, 0x4b, 0x03, 0x04]; // a zip file: "PK\3\4"

/** The name a file is kept under: the one given (a name alone), or by its contents bestand.xlsx / bestand.csv. */
export function uploadName(bytes: Uint8Array, given: string | undefined): string {
  if (given === undefined) return XLSX_SIGNATURE.every((b, i) => bytes[i] === b) ? 'bestand.xlsx' : 'bestand.csv';
  const name = given.trim();
  if (name === '' || name === '.' || name === '..' || name.length > 200 || /[/\\\u0000-\u001f\u007f]/.test(name)) throw new Refusal('UPLOAD_NAME_INVALID', { name: given.slice(0, 80) });
  return name;
}

/** Keeps the bytes in a folder of their own under the system's temporary folder, as `name`. */
export async function keepUpload(bytes: Uint8Array, name: string | undefined): Promise<Upload> {
  const fileName = uploadName(bytes, name);
  const dir = await mkdtemp(join(tmpdir(), 'jeugdregie-upload-'));
  const path = join(dir, fileName);
  try {
    await writeFile(path, bytes);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { path, name: fileName, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `use` on the kept file and removes it afterwards, whatever happens. */
export async function withUpload<T>(bytes: Uint8Array, name: string | undefined, use: (path: string) => Promise<T>): Promise<T> {
  const upload = await keepUpload(bytes, name);
  try {
    return await use(upload.path);
  } finally {
    await upload.remove();
  }
}
