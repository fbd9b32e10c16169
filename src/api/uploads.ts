// Files sent as a request's body (POST /api/imports/budget, POST /api/decisions/settlement): the
// bytes of the CSV or XLSX file itself, not a form. Every other route keeps MAX_BODY_BYTES; an
// upload route takes MAX_UPLOAD_BYTES (10 MB, the table import's own bound) and refuses more, and a
// body that is not a file, in one line each.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Refusal } from '../domain/errors.ts';
import { errorHandler } from './errors.ts';
import { MAX_UPLOAD_BYTES } from './limits.ts';

/** Media types an upload may come as: CSV (Windows browsers call it application/vnd.ms-excel), XLSX, or plain bytes. */
export const UPLOAD_TYPES = ['text/csv', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/octet-stream'] as const;

/** Reads bodies of the upload types as bytes (within each route's body limit: 4 KiB unless it is an upload route). */
export function acceptUploads(app: FastifyInstance): void {
  app.addContentTypeParser([...UPLOAD_TYPES], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

const mb = (bytes: number) => `${bytes / (1024 * 1024)} MB`;

/** Fastify's refusals of a body, in the upload's words; anything else as every route answers it. */
function uploadErrors(error: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    // Fastify closes the connection on a body it refuses; a browser or curl still sending the file
    // then gets a reset instead of the answer. Kept open, Node reads the rest of the body and throws
    // it away (bounded by REQUEST_TIMEOUT_MS), and the sender reads the 413.
    reply.removeHeader('connection');
    return errorHandler(new Refusal('UPLOAD_TOO_LARGE', { max: mb(MAX_UPLOAD_BYTES) }), req, reply);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return errorHandler(new Refusal('UPLOAD_MEDIA_TYPE', { type: mediaType(req) }), req, reply);
  return errorHandler(error, req, reply);
}

/** The route options of an upload route: its body limit and its refusals. */
export const UPLOAD_ROUTE = { bodyLimit: MAX_UPLOAD_BYTES, errorHandler: uploadErrors } as const;

/** How the file is documented in /openapi.json. */
export const UPLOAD_BODY = {
  description: `the file itself (CSV UTF-8 or XLSX, at most ${mb(MAX_UPLOAD_BYTES)})`,
  required: true,
  // No type: the body arrives as a Buffer, which a string schema would refuse.
  content: Object.fromEntries(UPLOAD_TYPES.map((t) => [t, { schema: Type.Unsafe<Buffer>({ description: 'the bytes of the file (binary)' }) }])),
};

function mediaType(req: FastifyRequest): string {
  return (req.headers['content-type'] ?? 'zonder Content-Type').split(';')[0]!.trim().slice(0, 80) || 'zonder Content-Type';
}

/** The uploaded file's bytes; refused when the body is no file (JSON, a form, nothing). */
export function uploadedBytes(req: FastifyRequest): Buffer {
  const body = req.body;
  if (body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0)) throw new Refusal('UPLOAD_EMPTY');
  if (!Buffer.isBuffer(body)) throw new Refusal('UPLOAD_MEDIA_TYPE', { type: mediaType(req) });
  return body;
}
