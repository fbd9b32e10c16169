// Dashboard answers kept by data version [issue 13 "Figures it must reach": a dashboard request is a
// lookup; decisions §46]. The figures change only when data arrive, and every viewer of one scope
// (role and municipality or provider: scopeKeyOf) is shown the same answer to the same question. So
// the first 200 answer to a question of a route marked `answers: 'by-data-version'` is kept — its
// body as sent, its ETag and its Data-* headers — under the data version it was computed for, the
// viewer's scope, the caller's language and the URL; the next viewer of that scope asking it while
// the version holds gets it without the use case being run again, or a 304 when it holds the same.
// The use case decided what the first viewer sees (who sees what is decided there, not here); this
// only hands the same answer to a viewer the use case would treat alike. A route whose answer
// depends on more than that (the account, the audit log, an export's file) is not marked.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { servedVersion } from '../app/by-version.ts';
import type { Workspace } from '../app/workspace.ts';
import { scopeKeyOf } from '../domain/access/viewer.ts';
import { languageOf } from './problem.ts';
import { noneMatch } from './revalidation.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's 200 answers depend only on the data version, the viewer's scope, the language and the URL. */
    answers?: 'by-data-version';
  }
  interface FastifyRequest {
    /** Where this request's answer is kept when it is a 200 (null: not kept). */
    keepAnswerAs: { readonly version: string; readonly key: string } | null;
  }
}

/** The headers kept with an answer (the rest — security headers, compression — is added as it is sent). */
const KEPT_HEADERS = ['content-type', 'data-up-to', 'data-period', 'data-notice', 'data-incomplete'] as const;
/** At most this much answer text is kept (the oldest answers go first). */
const MAX_BYTES = 64 * 1024 * 1024;

interface KeptAnswer {
  readonly body: string;
  readonly tag: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface AnswerCache {
  /** Serves kept answers; installed after authentication (it needs the viewer). */
  install(app: FastifyInstance): void;
  /** Keeps a 200 answer as sent (called by the revalidation hook, which tags it). */
  keep(req: FastifyRequest, reply: FastifyReply, body: string, tag: string): void;
}

export function answerCache(ws: Workspace): AnswerCache {
  let version = '';
  let answers = new Map<string, KeptAnswer>();
  let bytes = 0;
  return {
    install(app) {
      app.decorateRequest('keepAnswerAs', null);
      app.addHook('onRequest', async (req, reply) => {
        if (req.method !== 'GET' || req.routeOptions.config.answers !== 'by-data-version' || !req.viewer) return;
        const served = await servedVersion(ws);
        if (!served.keep) return;
        if (served.key !== version) {
          version = served.key;
          answers = new Map();
          bytes = 0;
        }
        const key = `${scopeKeyOf(req.viewer)}|${languageOf(req.headers['accept-language'])}|${req.url}`;
        const hit = answers.get(key);
        if (!hit) {
          req.keepAnswerAs = { version: served.key, key };
          return;
        }
        void reply.headers(hit.headers).header('ETag', hit.tag).header('Cache-Control', 'private, no-cache');
        const ifNoneMatch = req.headers['if-none-match'];
        if (noneMatch(typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, hit.tag)) return reply.code(304).send();
        return reply.code(200).send(hit.body);
      });
    },
    keep(req, reply, body, tag) {
      const as = req.keepAnswerAs;
      if (as === null || reply.statusCode !== 200 || as.version !== version || answers.has(as.key)) return;
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      answers.set(as.key, { body, tag, headers });
      bytes += body.length;
      for (const [k, a] of answers) {
        if (bytes <= MAX_BYTES) break;
        answers.delete(k);
        bytes -= a.body.length;
      }
    },
  };
}
