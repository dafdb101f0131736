import { getMetadataStorage, validateSync, ValidationTypes } from 'class-validator';
import type { RecoveryPosition } from '../client/protocol';
import { ROOM_ID_PATTERN, ROOM_NAME_MAX, ROOM_NAME_MIN } from '../rooms/rooms.constants';
import { FieldsOf, JsonSchema, nullable, NON_NEGATIVE_INTEGER } from './json-schema';

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** Adds what one class-validator rule says to a property's schema. */
type RuleConverter = (schema: JsonSchema, constraints: readonly unknown[]) => void;

const WIRE_ROLES = ['Owner', 'Admin', 'Moderator', 'Member', 'Guest'] as const;

/** `[Oo][Ww][Nn][Ee][Rr]`: JSON Schema patterns have no case-insensitive flag. */
function anyCase(word: string): string {
  return [...word].map((c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).join('');
}

/** `isRecoveryPosition` accepts extra keys, so this is not closed like the frames are. */
const RECOVERY_POSITION_FIELDS: FieldsOf<RecoveryPosition> = {
  offset: { ...NON_NEGATIVE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, description: 'The offset of the last message the client has' },
  epoch: { type: 'string', maxLength: 64, description: 'The epoch the offset belongs to (from a join reply or `room_history`)' },
};

/**
 * The rules the DTOs use: class-validator's own, then the protocol's (`src/gateway/dto/validators.ts`,
 * whose checks are code, so their schema is written here). A rule missing here is reported, never
 * silently dropped: the unit spec fails for any gateway DTO that uses one.
 */
const RULES: Record<string, RuleConverter> = {
  isString: (s) => (s.type = 'string'),
  isBoolean: (s) => (s.type = 'boolean'),
  isInt: (s) => (s.type = 'integer'),
  isNumber: (s) => (s.type ??= 'number'),
  isPositive: (s) => (s.exclusiveMinimum = 0),
  min: (s, [min]) => (s.minimum = min as number),
  max: (s, [max]) => (s.maximum = max as number),
  isLength: (s, [min, max]) => {
    if (typeof min === 'number' && min > 0) s.minLength = min;
    if (typeof max === 'number') s.maxLength = max;
  },
  minLength: (s, [min]) => (s.minLength = min as number),
  maxLength: (s, [max]) => (s.maxLength = max as number),
  isRoomId: (s) => Object.assign(s, { type: 'string', pattern: ROOM_ID_PATTERN.source, examples: ['general'] }),
  isRoomName: (s) =>
    Object.assign(s, {
      type: 'string',
      minLength: ROOM_NAME_MIN,
      maxLength: ROOM_NAME_MAX,
      description: `${ROOM_NAME_MIN}-${ROOM_NAME_MAX} characters after trimming, without control or invisible characters`,
      examples: ['Trading desk'],
    }),
  isRole: (s) =>
    Object.assign(s, {
      type: 'string',
      pattern: `^(${WIRE_ROLES.map(anyCase).join('|')})$`,
      description: `One of ${WIRE_ROLES.join(', ')}, in any case`,
      examples: ['Moderator'],
    }),
  isRecoveryPosition: (s) =>
    Object.assign(s, {
      type: 'object',
      properties: RECOVERY_POSITION_FIELDS,
      required: ['offset', 'epoch'],
      examples: [{ offset: 0, epoch: 'a1b2c3d4' }],
    }),
};

/** How `dtoSchema` treats fields it knows more about than the validators say. */
export interface DtoSchemaOptions {
  /** Example values by field name, used when the DTO's own validators accept them. */
  hints?: Readonly<Record<string, unknown>>;
  /** Told about every rule this converter cannot express. */
  onUnknownRule?: (rule: string, property: string) => void;
}

/**
 * The JSON Schema of a DTO's fields, read from the same class-validator metadata the validation pipe
 * compiles: types and bounds become keywords, `@IsOptional()` makes a field optional (and nullable,
 * as class-validator skips null too), a rule with a protocol error code says which code refuses it.
 * Every field gets an example that the DTO's validators accept.
 */
export function dtoSchema(dto: new () => object, options: DtoSchemaOptions = {}): JsonSchema {
  const storage = getMetadataStorage();
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of storage.getTargetValidationMetadatas(dto, '', true, false)) {
    if (metadata.type === ValidationTypes.WHITELIST) continue;
    byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
  }
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [property, metadatas] of byProperty) {
    const schema: JsonSchema = {};
    const codes: string[] = [];
    let optional = false;
    for (const metadata of metadatas) {
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && metadata.name === 'isOptional') {
        optional = true;
        continue;
      }
      const convert = metadata.type === ValidationTypes.CUSTOM_VALIDATION && !metadata.each ? RULES[metadata.name ?? ''] : undefined;
      if (!convert) {
        options.onUnknownRule?.(metadata.name ?? metadata.type, property);
        continue;
      }
      convert(schema, metadata.constraints ?? []);
      const code = (metadata.context as { code?: string } | undefined)?.code;
      if (code !== undefined && !codes.includes(code)) codes.push(code);
    }
    if (codes.length > 0) schema.description = [schema.description, `A malformed value is refused with \`${codes.join('`, `')}\`.`].filter(Boolean).join('. ');
    properties[property] = optional ? nullable(schema) : schema;
    if (!optional) required.push(property);
  }
  addExamples(dto, properties, options.hints ?? {});
  return { type: 'object', properties, required };
}

/**
 * One example per field: the hint, else the rule's own, else one made from the schema — whichever the
 * DTO's validators accept first (checked with class-validator itself, so an example cannot be wrong).
 */
function addExamples(dto: new () => object, properties: Record<string, JsonSchema>, hints: Readonly<Record<string, unknown>>): void {
  const candidates = (name: string): unknown[] => {
    const schema = properties[name];
    const list = [hints[name], schema.examples?.[0], exampleOf(schema)];
    return list.filter((v, i) => v !== undefined && list.indexOf(v) === i);
  };
  const chosen: Record<string, unknown> = {};
  for (const name of Object.keys(properties)) chosen[name] = candidates(name)[0];
  for (let attempt = 0; attempt < 3; attempt++) {
    const failing = new Set(validateSync(Object.assign(new dto(), chosen)).map((e) => e.property));
    if (failing.size === 0) break;
    for (const name of failing) chosen[name] = candidates(name)[attempt + 1];
  }
  const refused = new Set(validateSync(Object.assign(new dto(), chosen)).map((e) => e.property));
  for (const [name, schema] of Object.entries(properties)) {
    if (!refused.has(name) && chosen[name] !== undefined) schema.examples = [chosen[name]];
    else delete schema.examples;
  }
}

/** A value the schema accepts, when one can be made without solving a pattern. */
function exampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      if (schema.pattern !== undefined) return undefined;
      const text = 'example'.padEnd(schema.minLength ?? 0, 'x');
      return text.slice(0, schema.maxLength ?? text.length);
    }
    case 'integer':
    case 'number': {
      const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : 1);
      return Math.min(Math.max(low, 1), schema.maximum ?? Infinity);
    }
    case 'boolean':
      return false;
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? []) value[name] = exampleOf(schema.properties?.[name] ?? {});
      return value;
    }
    default:
      return undefined;
  }
}
