/**
 * The JSON Schema (draft-07, the AsyncAPI and OpenAPI 3.1 dialect) this module writes: only the
 * keywords it uses, so a typo in a schema is a type error.
 */
export interface JsonSchema {
  $ref?: string;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  const?: unknown;
  enum?: readonly unknown[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  examples?: unknown[];
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

/** A field that may be absent: the object's `required` leaves it out. */
export interface OptionalField {
  optional: true;
  schema: JsonSchema;
}

/** Marks a field as optional in `objectSchema`. */
export function opt(schema: JsonSchema): OptionalField {
  return { optional: true, schema };
}

/** The keys of `T` that may be absent. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * One schema per field of `T`, written with `opt()` exactly for its optional fields: a field added to,
 * removed from or made optional in the TypeScript type and not here is a compile error.
 */
export type FieldsOf<T> = { [K in keyof T]-?: K extends OptionalKeys<T> ? OptionalField : JsonSchema };

/** A closed object schema (`additionalProperties: false`) from its fields. */
export function objectSchema<T>(fields: FieldsOf<T>, description?: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(fields) as [string, JsonSchema | OptionalField][]) {
    if (isOptional(field)) {
      properties[name] = field.schema;
    } else {
      properties[name] = field;
      required.push(name);
    }
  }
  return { type: 'object', ...(description && { description }), properties, required, additionalProperties: false };
}

function isOptional(field: JsonSchema | OptionalField): field is OptionalField {
  return (field as OptionalField).optional === true;
}

/** The same schema, also allowing `null`. */
export function nullable(schema: JsonSchema): JsonSchema {
  if (schema.$ref !== undefined) return { oneOf: [schema, { type: 'null' }] };
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  return { ...schema, type: [...types, 'null'] };
}

export const STRING: JsonSchema = { type: 'string' };
export const BOOLEAN: JsonSchema = { type: 'boolean' };
export const NON_NEGATIVE_INTEGER: JsonSchema = { type: 'integer', minimum: 0 };
/** Timestamps are the server's: RFC 3339 UTC with milliseconds and `Z` (PROTOCOL.md §1). */
export const TIMESTAMP: JsonSchema = { type: 'string', format: 'date-time', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$', examples: ['2026-03-15T12:00:00.000Z'] };
