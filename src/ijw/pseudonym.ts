// Privacy at the door: the BSN becomes HMAC-SHA256(region key, BSN). The key comes from configuration
// (JEUGDREGIE_PSEUDONYM_KEY) and never from the repository; without the key nobody can link a
// pseudonym back to a person, and a different region key gives unlinkable pseudonyms.
import { createHmac } from 'node:crypto';

export class Pseudonymiser {
  readonly #key: Buffer;
  readonly #text: string;

  constructor(key: string) {
    if (key.length < 32) throw new Error('the pseudonym key must be at least 32 characters (generate one with: openssl rand -hex 32)');
    this.#key = Buffer.from(key, 'utf8');
    this.#text = key;
  }

  /**
   * The key itself, only to hand to a worker thread of this same process (ingest validates and
   * pseudonymises in worker threads). Never log it, store it or send it anywhere else.
   */
  keyForWorkerThreads(): string {
    return this.#text;
  }

  pseudonym(bsn: string): string {
    return createHmac('sha256', this.#key).update(bsn.trim()).digest('base64url').slice(0, 32);
  }
}
