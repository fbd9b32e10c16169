// Where the pseudonym key comes from: JEUGDREGIE_PSEUDONYM_KEY, or — for the embedded database only —
// a key generated once into the data folder (never into the repository), said out loud.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/settings.ts';
import { Refusal } from '../domain/errors.ts';

export class PseudonymKeyError extends Refusal<'PSEUDONYM_KEY_MISSING'> {
  constructor() {
    super('PSEUDONYM_KEY_MISSING');
  }
}

export function resolvePseudonymKey(settings: Settings, say: (line: string) => void): string {
  if (settings.pseudonymKey) return settings.pseudonymKey;
  if (settings.databaseUrl) {
    throw new PseudonymKeyError();
  }
  const file = path.join(settings.dataDir, 'pseudonym.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(settings.dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  say(`Generated a pseudonym key in ${file} (demo use). For real data set JEUGDREGIE_PSEUDONYM_KEY and keep the key out of the repository.`);
  return key;
}
