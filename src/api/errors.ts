// Every error the API gives is application/problem+json (RFC 9457) with the right status and one line
// of detail that says what was wrong and what to do: refusals by a rule, bad parameters, unknown
// routes, and what Node's HTTP parser refuses before Fastify sees a request. Nothing of the
// internals (stack, SQL, file names) ever leaves; an unexpected error is logged and answered 500.
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { BudgetError } from '../domain/budget-rules.ts';
import { RuleError } from '../domain/errors.ts';
import { PeriodError } from '../domain/period.ts';
import { PeriodAfterDataError, QueryTimeoutError } from '../app/coverage.ts';
import { quote } from './query-string.ts';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'one line: what was wrong and what to do' }),
    code: Type.Optional(Type.String({ description: 'stable code of the refusal' })),
    dataUpTo: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'with NO_DATA_FOR_PERIOD: the last day there are messages for' })),
  },
  { description: 'application/problem+json (RFC 9457)' },
);
export type Problem = Static<typeof Problem>;

/** The error answers every route documents (and serialises through), as application/problem+json. */
const problemContent = { description: 'a refusal or an error', content: { 'application/problem+json': { schema: Problem } } };
export const PROBLEM_RESPONSES = { '4xx': problemContent, '5xx': problemContent } as const;

/** A refusal made by the API itself, with its status and code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The longest detail sent: a detail is one line, not a document. */
const MAX_DETAIL = 600;

function oneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}

export function problem(status: number, detail: string, code?: string, extra: Partial<Problem> = {}): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail: oneLine(detail), ...(code ? { code } : {}), ...extra };
}

export function sendProblem(reply: FastifyReply, p: Problem, headers: Readonly<Record<string, string>> = {}): FastifyReply {
  return reply.status(p.status).headers(headers).type('application/problem+json').send(p);
}

/** What the caller did wrong, as a problem; undefined for an error that is ours (a 500). */
export function problemOf(error: unknown): { problem: Problem; headers?: Readonly<Record<string, string>> } | undefined {
  if (error instanceof ApiError) return { problem: problem(error.status, error.message, error.code), headers: error.headers };
  if (error instanceof PeriodAfterDataError) {
    return {
      problem: problem(404, error.message, 'NO_DATA_FOR_PERIOD', { dataUpTo: error.dataUpTo }),
      headers: { 'Data-Up-To': error.dataUpTo ?? 'none' },
    };
  }
  if (error instanceof PeriodError) return { problem: problem(400, error.message, 'QUERY_INVALID') };
  if (error instanceof QueryTimeoutError) {
    return { problem: problem(503, `${error.message}; ask for a shorter period or fewer dimensions (by), or ask again when the server is less busy`, 'QUERY_TIMEOUT') };
  }
  // Refusals by a rule are the caller's to fix (409/404/400).
  if (error instanceof RuleError) {
    const status = error.code === 'QUERY_INVALID' ? 400 : error.code === 'YEAR_NOT_ALLOCATED' || error.code.startsWith('UNKNOWN') ? 404 : 409;
    return { problem: problem(status, error.message, error.code) };
  }
  if (error instanceof BudgetError) return { problem: problem(404, error.message, error.code) };
  const e = error as Partial<FastifyError>;
  if (e.validation) return { problem: problem(400, e.message ?? 'the request is not valid; see /openapi.json', 'QUERY_INVALID') };
  // Fastify's own refusals (a body on a route that takes none, too large, …) carry a 4xx status.
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { problem: problem(e.statusCode, `${e.message ?? 'the request was refused'}; this API reads no request bodies and takes its parameters in the URL (see /openapi.json)`, 'REQUEST_INVALID') };
  }
  return undefined;
}

export function errorHandler(error: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = problemOf(error);
  if (known) return sendProblem(reply, known.problem, known.headers);
  req.log.error(error);
  return sendProblem(reply, problem(500, 'something went wrong on our side; the error was logged', 'INTERNAL'));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = req.url.split('?')[0] ?? '';
  return sendProblem(reply, problem(404, `there is no ${req.method} ${quote(path, 80)}; the API's routes are described at /openapi.json and the first page is at /`, 'NOT_FOUND'));
}

/** Refusals the router makes before a route is found: a path that is not valid URL encoding, a too long parameter. */
export function frameworkErrors(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : error.code === 'FST_ERR_BAD_URL' ? 400 : (error.statusCode ?? 400);
  const detail =
    status === 414
      ? 'a path parameter is too long; see /openapi.json for what each route takes'
      : status === 400
        ? 'the path is not valid URL encoding (a "%" must be followed by two hexadecimal digits); see /openapi.json'
        : 'the request was refused; see /openapi.json';
  void sendProblem(reply, problem(status, detail, 'REQUEST_INVALID'));
}

/**
 * Node's HTTP parser refuses some requests before there is a request at all (headers too large, a
 * malformed request line, a request that took too long to arrive): the answer is written on the
 * socket, as problem+json like every other, and the connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request line and headers are larger than the server accepts (16 KiB); send fewer or shorter headers, or a shorter URL']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request did not arrive in time; send it again']
        : [400, 'the request could not be read as HTTP/1.1; check the request line and headers'];
  const body = JSON.stringify(problem(status, detail, status === 431 ? 'HEADERS_TOO_LARGE' : 'REQUEST_INVALID'));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

const WHERE = { querystring: 'query parameter', params: 'path parameter', headers: 'header', body: 'body field' } as const;

/** An Ajv error as one sentence about the caller's input. */
function sentenceOf(e: VerboseError, where: string): string {
  const name = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const what = `${where} ${quote(name)}`;
  const got = typeof e.data === 'string' || typeof e.data === 'number' ? ` (got ${quote(String(e.data))})` : '';
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return `${where} ${quote(String(p.missingProperty))} is required`;
    case 'type':
      return `${what} must be ${p.type === 'integer' ? 'a whole number' : p.type === 'number' ? 'a number' : `of type ${String(p.type)}`}${got}`;
    case 'minimum':
    case 'maximum':
      return `${what} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}${got}`;
    case 'format':
      return `${what} must be ${p.format === 'date' ? 'a date written YYYY-MM-DD' : `in ${String(p.format)} format`}${got}`;
    case 'maxLength':
      return `${what} is longer than ${String(p.limit)} characters`;
    case 'minLength':
      return `${what} must not be empty`;
    case 'pattern':
      return `${what} is not in the expected form${got}${typeof e.parentSchema?.description === 'string' ? `: ${e.parentSchema.description}` : ''}`;
    default:
      return `${what} ${e.message ?? 'is not valid'}${got}`;
  }
}

type VerboseError = FastifySchemaValidationError & { data?: unknown; parentSchema?: { properties?: Record<string, unknown>; description?: unknown } };

function unknownSentence(errors: readonly VerboseError[], where: string): string {
  const names = [...new Set(errors.map((e) => quote(String(e.params.additionalProperty))))];
  const known = Object.keys(errors[0]?.parentSchema?.properties ?? {});
  const list = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  return `unknown ${where}${names.length > 1 ? 's' : ''} ${list}; ${known.length ? `this route takes ${known.join(', ')}` : `this route takes no ${where}s`}`;
}

/** Fastify's schemaErrorFormatter: every failed check as one sentence, on one line. */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: keyof typeof WHERE): Error {
  const where = WHERE[dataVar] ?? 'parameter';
  // Unknown parameters in one sentence, so the caller reads what the route takes once.
  const unknown = errors.filter((e) => e.keyword === 'additionalProperties');
  const others = errors.filter((e) => e.keyword !== 'additionalProperties');
  const sentences = [...new Set([...(unknown.length ? [unknownSentence(unknown, where)] : []), ...others.map((e) => sentenceOf(e, where))])];
  return new Error(`${sentences.slice(0, 3).join('; ')}${sentences.length > 3 ? `; and ${sentences.length - 3} more` : ''}; see /openapi.json`);
}
