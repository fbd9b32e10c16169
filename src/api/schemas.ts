// TypeBox schemas shared by the routes. A query schema never takes unknown parameters (the server's
// Ajv keeps them, so additionalProperties: false refuses them by name instead of dropping them).
import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { MAX_TEXT_PARAMETER } from './limits.ts';

export const Cents = Type.String({ pattern: '^-?[0-9]+$', description: 'amount in euro cents, as a string of digits' });

export const Nullable = <T extends TSchema>(schema: T, description?: string) => Type.Union([schema, Type.Null()], description ? { description } : {});

/** A query string schema: exactly these parameters, each optional unless marked otherwise. */
export const Query = <P extends TProperties>(properties: P) => Type.Object(properties, { additionalProperties: false });

export const NoQuery = Query({});

/** A year as a path or query parameter. */
export const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: 'a year, 2000–2100' });

/** A code or name given as a query parameter (provider, municipality). */
export const Code = (description: string) => Type.String({ minLength: 1, maxLength: MAX_TEXT_PARAMETER, description });
