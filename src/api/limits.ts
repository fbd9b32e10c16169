// The bounds of the HTTP API, in one place (decision "The API's bounds", docs/decisions.md; listed
// in the README under "Limits"). Each keeps one request from taking the server away from the others.

/**
 * The longest period a reach, waiting-time or message-count request may cover, in days (first and
 * last included): five calendar years (2028-01-01..2032-12-31 is 1,827 days), so unique young people
 * over a contract term can be asked for at once. The embedded database cannot interrupt a
 * query, so this and MAX_DIMENSIONS are what bound its work (docs/benchmarks.md, "The API's worst
 * allowed request").
 */
export const MAX_PERIOD_DAYS = 1827;


/** At most this many dimensions in `by` per request (each one multiplies the rows of the answer). */
export const MAX_DIMENSIONS = 3;

/**
 * A query on the PostgreSQL server is stopped after this long (statement_timeout) and answered 503.
 * The embedded database cannot stop a query once it runs (it runs on the main thread).
 */
export const QUERY_TIMEOUT_MS = 10_000;

/**
 * Monitor queries that run at once; more wait in line, up to MAX_WAITING_QUERIES, and beyond that a
 * request is answered 503 at once. The embedded database runs one statement at a time anyway; on a
 * server two keep the pool free for the money routes and the ingest.
 */
export const MAX_RUNNING_QUERIES = { embedded: 1, server: 2 } as const;
export const MAX_WAITING_QUERIES = 8;

/** Longest path parameter (a year); a longer one is answered 414. */
export const MAX_PARAM_LENGTH = 100;

/**
 * The request line and headers together (Node's default, stated here so it is known): beyond it
 * Node's parser stops and the answer is 431.
 */
export const MAX_HEADER_BYTES = 16 * 1024;

/**
 * At most this many header lines. Node checks MAX_HEADER_BYTES on headers as they arrive in chunks
 * and keeps at most 2,000 of them, so 2,000 short headers of 22 KB in all passed it: counted here.
 */
export const MAX_HEADER_COUNT = 100;

/** Request bodies (sign-in, accounts, tokens: a few small JSON fields); a larger one is refused unread (413). */
export const MAX_BODY_BYTES = 4096;

/**
 * A file sent as the body of an upload route (a budget import, a settlement's cost reports): the
 * table import's own bound (MAX_TABLE_BYTES in src/config/table-file.ts), on those routes only.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A request must arrive whole within this time (slow senders hold a socket otherwise): 408. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Longest value of a free-text query parameter (provider and municipality codes, periods). */
export const MAX_TEXT_PARAMETER = 64;
