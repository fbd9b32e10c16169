// Answers revalidated by ETag [issue 13 "answers cached and revalidated by ETag"]. A dashboard asks
// the same questions again and again, and the figures change only when data arrive, so most answers
// are what the browser already holds. Every 200 answer of a GET under /api/ gets a strong ETag (the
// SHA-256 of its body) and "Cache-Control: private, no-cache": the browser keeps it for itself only
// and asks again each time, with If-None-Match; when the answer is the same, 304 without a body —
// nothing to compress or send. Derived from the body itself, a tag can never claim figures that
// changed. A route that decides its own caching (an export: no-store) is left alone.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The strong ETag of a body. */
export const etagOf = (body: string | Buffer): string => `"${createHash('sha256').update(body).digest('base64url')}"`;

/** Whether If-None-Match names this tag (or is "*"). Weak tags compare by their opaque part, as RFC 9110 allows for If-None-Match. */
export function noneMatch(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v.replace(/^W\//, '') === tag;
  });
}

/**
 * Installs the hook; before compression, so a 304 is never compressed and a 200 is tagged as sent.
 * `keep` hears every tagged 200 (the answer cache keeps those of its routes).
 */
export function installRevalidation(app: FastifyInstance, keep?: (req: FastifyRequest, reply: FastifyReply, body: string, tag: string) => void): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || reply.statusCode !== 200 || !req.url.startsWith('/api/')) return payload;
    if (reply.hasHeader('etag') || reply.hasHeader('cache-control')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const tag = etagOf(payload);
    if (typeof payload === 'string') keep?.(req, reply, payload, tag);
    void reply.header('ETag', tag).header('Cache-Control', 'private, no-cache');
    if (!noneMatch(typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : undefined, tag)) return payload;
    void reply.code(304).removeHeader('content-length');
    return '';
  });
}
