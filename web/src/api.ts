// The one way the application talks to the server: the JSON API under /api/. A refusal comes back as
// application/problem+json with a Dutch `detail` (src/api/problem.ts) and becomes an ApiProblem that
// the pages show as it is. Every change (POST, DELETE …) carries the session's CSRF token. Monitor
// reads go at most two at a time: the server answers a few at once and refuses the rest with 503
// MONITOR_BUSY, which is asked again after its Retry-After.

export interface ProblemDetail {
  readonly code: string;
  readonly detail: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly code: string | undefined,
    readonly problems: readonly ProblemDetail[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export interface Answer<T> {
  readonly data: T;
  readonly headers: Headers;
}

let csrfToken: string | null = null;
/** The session's CSRF token (GET /api/session), sent as X-CSRF-Token with every change. */
export function useCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server says the session has ended (401 on a route that needs one). */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(f: () => void): void {
  onSignedOut = f;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** At most `limit` of these at once; the rest wait their turn in order. */
class Turns {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(f: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await f();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
const monitorTurns = new Turns(2);

async function problemOf(r: Response): Promise<ApiProblem> {
  const type = r.headers.get('content-type') ?? '';
  const retry = Number(r.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  if (type.includes('json')) {
    try {
      const p = (await r.json()) as { title?: string; detail?: string; code?: string; problems?: ProblemDetail[] };
      return new ApiProblem(r.status, p.title ?? 'Fout', p.detail ?? `de server antwoordde ${r.status}`, p.code, p.problems ?? [], retryAfter);
    } catch {
      // not JSON after all: below
    }
  }
  return new ApiProblem(r.status, 'Fout', `de server antwoordde ${r.status} ${r.statusText}; probeer het zo opnieuw`, undefined, [], retryAfter);
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as it is (an uploaded file), with its content type. */
  readonly file?: { readonly body: Blob; readonly type: string };
  readonly signal?: AbortSignal;
}

/** A request to the API; its answer as JSON with the headers, or an ApiProblem. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const method = options.method ?? (options.json !== undefined || options.file ? 'POST' : 'GET');
  // The application is Dutch whatever the browser's language: the server words refusals in Dutch then.
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': 'nl' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.file) {
    headers['content-type'] = options.file.type;
    body = options.file.body;
  }
  const go = async (): Promise<Answer<T>> => {
    for (let attempt = 0; ; attempt++) {
      let r: Response;
      try {
        r = await fetch(path, { method, headers, body: body ?? null, credentials: 'same-origin', signal: options.signal ?? null });
      } catch (e) {
        if (e instanceof DOMException && e.name === 'AbortError') throw e;
        throw new ApiProblem(0, 'Geen verbinding', 'de server is niet bereikbaar; controleer de verbinding en probeer het opnieuw', 'OFFLINE');
      }
      if (r.ok) {
        const type = r.headers.get('content-type') ?? '';
        const data = (type.includes('json') ? await r.json() : await r.text()) as T;
        return { data, headers: r.headers };
      }
      const p = await problemOf(r);
      if (r.status === 503 && p.code === 'MONITOR_BUSY' && attempt < 4) {
        await sleep((p.retryAfter ?? 2) * 1000);
        continue;
      }
      if (r.status === 401 && path !== '/api/session') onSignedOut();
      throw p;
    }
  };
  return path.startsWith('/api/monitor/') ? monitorTurns.run(go) : go();
}

/** A GET's JSON. */
export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>(path, signal ? { signal } : {})).data;
}

/** A path with a query; parameters that are undefined or empty are left out. */
export function withQuery(path: string, query: Readonly<Record<string, string | number | undefined | null>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// ---------------------------------------------------------------------------------------------
// Answers as the routes give them (GET /openapi.json).

export type Role = 'region' | 'municipality' | 'provider' | 'council';

export interface Me {
  readonly login: string;
  readonly role: Role;
  readonly municipality: string | null;
  readonly provider: string | null;
  readonly csrfToken: string | null;
  readonly mustChangePassword: boolean;
}

export interface Region {
  readonly id: string;
  readonly name: string;
  readonly municipalities: readonly { code: string; name: string }[];
  readonly areas: readonly { id: string; name: string; municipalities: readonly string[]; within?: { municipality: string } }[];
  readonly themes: readonly { code: string; name: string }[];
  readonly careForms: readonly { category: string; name: string }[];
  readonly upwardReasons: readonly { code: string; description: string }[];
  readonly settlementPolicy: { deviationThresholdPct: string };
}

export interface Coverage {
  readonly dataUpTo: string | null;
  readonly incomplete: string | null;
}

export type Count = number | null;

export interface GroupFields {
  readonly municipality?: string;
  readonly area?: string;
  readonly provider?: string;
  readonly providerCode?: string;
  readonly providerName?: string | null;
  readonly care_form?: string;
  readonly theme?: string;
  readonly age_group?: string;
  readonly gender?: string;
}

export interface ReachRow extends GroupFields {
  readonly uniqueYouth: Count;
  readonly starts: Count;
  readonly stops: Count;
  readonly stopsByReason: Readonly<Record<string, Count>>;
  readonly inCareEnd: Count;
  readonly suppressed: boolean;
}

export interface WaitStats {
  readonly count: number;
  readonly median: number | null;
  readonly p80: number | null;
  readonly max: number | null;
}

export interface WaitingRow extends GroupFields {
  readonly requestToAssignment: WaitStats | null;
  readonly assignmentToStart: WaitStats | null;
  readonly suppressed: boolean;
}

export interface TimelinessRow {
  readonly provider?: string;
  readonly providerCode?: string;
  readonly providerName?: string | null;
  readonly municipality?: string;
  readonly requests: Count;
  readonly retroactiveRequests: Count;
  readonly retroactiveSharePct: string | null;
  readonly retroactiveDaysBackMedian: number | null;
  readonly retroactiveDaysBackMax: number | null;
  readonly startMessages: Count;
  readonly lateStartMessages: Count;
  readonly stopMessages: Count;
  readonly lateStopMessages: Count;
  readonly assignmentsWithoutStart: Count;
  readonly suppressed: boolean;
}

export interface MessageRow {
  readonly messageType: string;
  readonly name: string;
  readonly messages: Count;
  readonly inFigures: boolean;
  readonly use: string;
  readonly suppressed: boolean;
}

export interface Budget {
  readonly year: number;
  readonly municipalities: readonly { code: string; name: string; amountCents: string; basis: string; basedOnYear: number }[];
  readonly totalCents: string;
}

export interface LumpSumRow {
  readonly provider: string;
  readonly providerName: string;
  readonly theme: string;
  readonly municipality: string;
  readonly amountCents: string;
}

export interface PaymentRow {
  readonly provider: string;
  readonly municipality: string;
  readonly month: string;
  readonly amountCents: string;
  readonly paid: boolean;
}

export interface Explanation {
  readonly subject: string;
  readonly amountCents: string;
  readonly steps: readonly { seq?: number | null; kind?: string; recordedAt?: string | null; actor?: string | null; reason?: string | null; text: string }[];
}

export interface Recorded {
  readonly seq: number;
  readonly kind: string;
  readonly result: Record<string, unknown>;
  readonly explanation?: Explanation;
}

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly message: string;
  readonly result?: Record<string, unknown>;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export interface LedgerEntry {
  readonly seq: number;
  readonly recordedAt: string;
  readonly actor: string;
  readonly reason: string;
  readonly decision: { kind: string } & Record<string, unknown>;
  readonly result: Record<string, unknown>;
}
