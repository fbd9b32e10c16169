// Every error the API gives is application/problem+json (RFC 9457) with the right status and one line
// of detail that says what was wrong and what to do, in the caller's language (problem.ts): refusals
// from the catalogue, the API's own (ApiError), unknown routes, what the router refuses and what
// Node's HTTP parser refuses before Fastify sees a request. Nothing of the internals (stack, SQL,
// file names) ever leaves; an unexpected error is logged and answered 500.
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Refusal, type Lang } from '../domain/errors.ts';
import { PeriodAfterDataError } from '../app/coverage.ts';
import { languageOf, problem as plainProblem, problemOfRefusal, type Problem } from './problem.ts';
import { quote } from './query-string.ts';

const Where = Type.Object({}, { additionalProperties: true, description: 'where the problem is: file, row, column, parameter …' });
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'one line: what was wrong and what to do (Dutch, or English with Accept-Language: en)' }),
    code: Type.Optional(Type.String({ description: 'stable code of the refusal' })),
    location: Type.Optional(Where),
    problems: Type.Optional(Type.Array(Type.Object({ code: Type.String(), detail: Type.String(), location: Type.Optional(Where) }))),
    dataUpTo: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'with NO_DATA_FOR_PERIOD: the last day there are messages for' })),
  },
  { description: 'application/problem+json (RFC 9457)' },
);

/** The error answers every route documents (and serialises through), as application/problem+json. */
const problemContent = { description: 'a refusal or an error', content: { 'application/problem+json': { schema: ProblemSchema } } };
export const PROBLEM_RESPONSES = { '4xx': problemContent, '5xx': problemContent } as const;

type Texts = Readonly<Record<Lang, string>>;

/** A refusal by the API itself (the HTTP layer: headers, routes, load), with its status and code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly texts: Texts,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(texts.en);
    this.name = 'ApiError';
  }
}

/** The longest detail sent: a detail is one line, not a document. */
const MAX_DETAIL = 600;

function oneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}

function problem(status: number, texts: Texts, lang: Lang, code: string): Problem {
  return plainProblem(status, oneLine(texts[lang]), lang, code);
}

interface Answer {
  readonly problem: Problem & { readonly dataUpTo?: string | null };
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the caller did wrong, as a problem in `lang`; undefined for an error that is ours (a 500). */
export function problemOf(error: unknown, lang: Lang): Answer | undefined {
  if (error instanceof PeriodAfterDataError) {
    return { problem: { ...problemOfRefusal(error as unknown as Refusal, lang), dataUpTo: error.dataUpTo }, headers: { 'Data-Up-To': error.dataUpTo ?? 'none' } };
  }
  if (error instanceof Refusal) {
    const p = problemOfRefusal(error, lang);
    return { problem: { ...p, detail: oneLine(p.detail) }, headers: retryAfter(error) };
  }
  if (error instanceof ApiError) return { problem: problem(error.status, error.texts, lang, error.code), headers: error.headers };
  // Fastify's own refusals (a body too large, a media type it cannot read, …) carry a 4xx status.
  const e = error as Partial<FastifyError>;
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const texts = {
      en: `${e.message ?? 'the request was refused'}; this API reads no request bodies and takes its parameters in the URL (see /openapi.json)`,
      nl: `${e.message ?? 'het verzoek is geweigerd'}; deze API leest geen inhoud van verzoeken en krijgt haar parameters in de URL (zie /openapi.json)`,
    };
    return { problem: problem(e.statusCode, texts, lang, 'REQUEST_INVALID') };
  }
  return undefined;
}

/** Retry-After for a refusal that passes with time: a busy monitor or password check, a throttled sign-in. */
function retryAfter(error: Refusal): Record<string, string> {
  if (error.code === 'MONITOR_BUSY') return { 'Retry-After': '5' };
  if (error.code === 'SIGN_IN_THROTTLED' || error.code === 'SIGN_IN_BUSY') return { 'Retry-After': String((error.params as { seconds: number }).seconds) };
  return {};
}

export function sendProblem(reply: FastifyReply, answer: Answer): FastifyReply {
  return reply.status(answer.problem.status).headers(answer.headers ?? {}).type('application/problem+json').send(answer.problem);
}

const lang = (req: FastifyRequest) => languageOf(req.headers['accept-language']);

export function errorHandler(error: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = problemOf(error, lang(req));
  if (known) return sendProblem(reply, known);
  req.log.error(error);
  const texts = { en: 'something went wrong on our side; the error was logged', nl: 'er ging bij ons iets mis; de fout is vastgelegd' };
  return sendProblem(reply, { problem: problem(500, texts, lang(req), 'INTERNAL') });
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const what = `${req.method} ${quote(req.url.split('?')[0] ?? '', 80)}`;
  const texts = {
    en: `there is no ${what}; the API's routes are described at /openapi.json and the first page is at /`,
    nl: `${what} bestaat niet; de routes van de API staan in /openapi.json en de eerste pagina is /`,
  };
  return sendProblem(reply, { problem: problem(404, texts, lang(req), 'NOT_FOUND') });
}

/** Refusals the router makes before a route is found: a path that is not valid URL encoding, a too long parameter. */
export function frameworkErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const texts = tooLong
    ? { en: 'a path parameter is too long; see /openapi.json for what each route takes', nl: 'een padparameter is te lang; zie /openapi.json voor wat elke route kent' }
    : {
        en: 'the path is not valid URL encoding (a "%" must be followed by two hexadecimal digits); see /openapi.json',
        nl: 'het pad is geen geldige URL-codering (na een "%" horen twee hexadecimale cijfers); zie /openapi.json',
      };
  void sendProblem(reply, { problem: problem(tooLong ? 414 : 400, texts, lang(req), 'REQUEST_INVALID') });
}

/**
 * Node's HTTP parser refuses some requests before there is a request at all (headers too large, a
 * malformed request line, a request that took too long to arrive): the answer is written on the
 * socket, as problem+json like every other (in Dutch: there are no headers to ask for English), and
 * the connection is closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, texts] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? ([
          431,
          'HEADERS_TOO_LARGE',
          {
            en: 'the request line and headers are larger than the server accepts (16 KiB); send fewer or shorter headers, or a shorter URL',
            nl: 'de verzoekregel en kopregels zijn groter dan de server aanneemt (16 KiB); stuur minder of kortere kopregels, of een kortere URL',
          },
        ] as const)
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ([408, 'REQUEST_INVALID', { en: 'the request did not arrive in time; send it again', nl: 'het verzoek kwam niet op tijd binnen; stuur het opnieuw' }] as const)
        : ([
            400,
            'REQUEST_INVALID',
            { en: 'the request could not be read as HTTP/1.1; check the request line and headers', nl: 'het verzoek is geen leesbaar HTTP/1.1; controleer de verzoekregel en kopregels' },
          ] as const);
  const body = JSON.stringify(problem(status, texts, 'nl', code));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
