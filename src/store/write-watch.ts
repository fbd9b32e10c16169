// What this process has written, as a number that moves on with every statement that can change
// data (decisions §46). Readers that keep something read from the database (the data version, an
// account behind a token) note the number when they start reading and keep the result only while it
// has not moved: a write of this process — an ingest batch, a decision, a sign-out — is seen by the
// very next read. Writes of other processes (the CLI beside a server on one PostgreSQL database) are
// not seen here: such readers also keep their result for a short time only (OTHER_WRITERS_MS).
// The number moves after the statement has run, and again at every commit, so a read that started
// while a transaction was open is not kept past its commit.

/** Statements that change nothing: the rest (and every commit) moves the number on. */
const READ_ONLY = /^\s*(select|show|begin|start\s+transaction|savepoint|release|set|reset|explain)\b/i;
/** A statement beginning with WITH writes when one of its parts does. */
const WRITING_WORD = /\b(insert|update|delete|merge|truncate|copy|create|drop|alter|lock|refresh|vacuum|analyze|reindex|cluster|notify)\b/i;

export class WriteWatch {
  #epoch = 0;

  /** The number now: equal to one noted earlier only if this process has written nothing since. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Hears every statement sent (after it ran, also when it failed). */
  statement(text: string): void {
    if (writes(text)) this.#epoch++;
  }

  /** Something outside the statements changed what readers keep (a test's clock, a restore). */
  touch(): void {
    this.#epoch++;
  }
}

/** Whether a statement can change data (or ends a transaction that could have). */
export function writes(text: string): boolean {
  if (/^\s*with\b/i.test(text)) return WRITING_WORD.test(text);
  return !READ_ONLY.test(text);
}
