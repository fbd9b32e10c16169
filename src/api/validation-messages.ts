// Ajv's validation errors as sentences about the caller's input, in Dutch and English, on one line:
// Fastify's schemaErrorFormatter. An unknown parameter is named together with what the route takes.
import type { FastifySchemaValidationError } from 'fastify';
import { Refusal, type Lang } from '../domain/errors.ts';
import { quote } from './query-string.ts';

type DataVar = 'querystring' | 'params' | 'headers' | 'body';
type VerboseError = FastifySchemaValidationError & { data?: unknown; parentSchema?: { properties?: Record<string, unknown>; description?: unknown } };

const WHERE: Record<Lang, Record<DataVar, string>> = {
  en: { querystring: 'query parameter', params: 'path parameter', headers: 'header', body: 'body field' },
  nl: { querystring: 'queryparameter', params: 'padparameter', headers: 'kopregel', body: 'veld' },
};

/** One failed check as a sentence. */
function sentenceOf(e: VerboseError, where: string, lang: Lang): string {
  const en = lang === 'en';
  const what = `${where} ${quote(e.instancePath.replace(/^\//, '').replace(/\//g, '.'))}`;
  const got = typeof e.data === 'string' || typeof e.data === 'number' ? ` (${en ? 'got' : 'gegeven:'} ${quote(String(e.data))})` : '';
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return en ? `${where} ${quote(String(p.missingProperty))} is required` : `${where} ${quote(String(p.missingProperty))} is verplicht`;
    case 'type': {
      const kind = p.type === 'integer' ? (en ? 'a whole number' : 'een geheel getal') : p.type === 'number' ? (en ? 'a number' : 'een getal') : String(p.type);
      return en ? `${what} must be ${kind}${got}` : `${what} moet ${kind} zijn${got}`;
    }
    case 'minimum':
      return en ? `${what} must be at least ${String(p.limit)}${got}` : `${what} moet ten minste ${String(p.limit)} zijn${got}`;
    case 'maximum':
      return en ? `${what} must be at most ${String(p.limit)}${got}` : `${what} mag ten hoogste ${String(p.limit)} zijn${got}`;
    case 'format':
      return p.format === 'date'
        ? en ? `${what} must be a date written YYYY-MM-DD${got}` : `${what} moet een datum zijn, geschreven als JJJJ-MM-DD${got}`
        : en ? `${what} must be in ${String(p.format)} format${got}` : `${what} moet de vorm ${String(p.format)} hebben${got}`;
    case 'maxLength':
      return en ? `${what} is longer than ${String(p.limit)} characters` : `${what} is langer dan ${String(p.limit)} tekens`;
    case 'minLength':
      return en ? `${what} must not be empty` : `${what} mag niet leeg zijn`;
    case 'pattern': {
      const form = typeof e.parentSchema?.description === 'string' ? `: ${e.parentSchema.description}` : '';
      return en ? `${what} is not in the expected form${got}${form}` : `${what} heeft niet de verwachte vorm${got}${form}`;
    }
    default:
      return `${what} ${e.message ?? (en ? 'is not valid' : 'is ongeldig')}${got}`;
  }
}

/** Every unknown parameter in one sentence, so the caller reads what the route takes once. */
function unknownSentence(errors: readonly VerboseError[], where: string, lang: Lang): string {
  const names = [...new Set(errors.map((e) => quote(String(e.params.additionalProperty))))];
  const known = Object.keys(errors[0]?.parentSchema?.properties ?? {});
  const more = names.length > 5 ? (lang === 'en' ? ` and ${names.length - 5} more` : ` en nog ${names.length - 5}`) : '';
  const list = `${names.slice(0, 5).join(', ')}${more}`;
  if (lang === 'en') return `unknown ${where}${names.length > 1 ? 's' : ''} ${list}; ${known.length ? `this route takes ${known.join(', ')}` : `this route takes no ${where}s`}`;
  return `onbekende ${where}${names.length > 1 ? 's' : ''} ${list}; ${known.length ? `deze route kent ${known.join(', ')}` : `deze route kent geen ${where}s`}`;
}

function message(errors: readonly VerboseError[], dataVar: DataVar, lang: Lang): string {
  const where = WHERE[lang][dataVar] ?? 'parameter';
  const unknown = errors.filter((e) => e.keyword === 'additionalProperties');
  const others = errors.filter((e) => e.keyword !== 'additionalProperties');
  const sentences = [...new Set([...(unknown.length ? [unknownSentence(unknown, where, lang)] : []), ...others.map((e) => sentenceOf(e, where, lang))])];
  const rest = sentences.length > 3 ? (lang === 'en' ? `; and ${sentences.length - 3} more` : `; en nog ${sentences.length - 3}`) : '';
  return `${sentences.slice(0, 3).join('; ')}${rest}; ${lang === 'en' ? 'see' : 'zie'} /openapi.json`;
}

/** Fastify's schemaErrorFormatter: a refusal (400) whose text is every failed check. */
export function schemaErrorFormatter(errors: FastifySchemaValidationError[], dataVar: DataVar): Error {
  return new Refusal('QUERY_INVALID', { en: message(errors, dataVar, 'en'), nl: message(errors, dataVar, 'nl') });
}
