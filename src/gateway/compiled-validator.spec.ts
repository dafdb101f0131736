import fc from 'fast-check';
import { validateSync } from 'class-validator';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledValidator, UNSAFE_KEYS } from './compiled-validator';
import { InboundMessageDto } from './dto/inbound-message.dto';

type DtoClass = new () => InboundMessageDto;

/** Every inbound DTO of the gateway, found on disk so a new one is covered without editing this spec. */
const DTOS: DtoClass[] = readdirSync(join(__dirname, 'dto'))
  .filter((file) => file.endsWith('.dto.ts') && file !== 'inbound-message.dto.ts')
  .flatMap((file) => Object.values(require(join(__dirname, 'dto', file)) as Record<string, unknown>))
  .filter((value): value is DtoClass => typeof value === 'function' && value.prototype instanceof InboundMessageDto);

const FIELDS = ['type', 'request_id', 'room_id', 'content', 'target_user_id', 'name', 'is_private', 'max_members', 'password', 'since', 'limit', 'before', 'user_id', 'role', 'duration_hours', 'duration_minutes', 'message_id', 'token', 'extra'];
const value = fc.oneof(
  fc.constantFrom('general', 'room-1', '', ' ', 'a'.repeat(65), 'ab', 'Moderator', 'admin', 'x'.repeat(129), '\u0007bad', 'ok name', null, true, false, 0, 1, -1, 2.5, 100, 101, 1000, 1001, 1e9),
  fc.record({ offset: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constant(1.5)), epoch: fc.oneof(fc.string({ maxLength: 70 }), fc.constant(7)) }),
  fc.jsonValue({ maxDepth: 1 }),
  fc.string({ maxLength: 40 }),
);
/** A value that fits each field, so messages near the edge of valid are common. */
const FITTING: Record<string, unknown> = {
  type: 'x', request_id: 'r1', room_id: 'general', content: 'hi', target_user_id: 'bob', name: 'ok name', is_private: true,
  max_members: 10, password: 'pw', since: { offset: 1, epoch: 'e' }, limit: 10, before: 5, user_id: 'bob', role: 'Moderator',
  duration_hours: 1, duration_minutes: 5, message_id: 'm1', token: 't',
};
const message = fc.oneof(
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 }),
  // A fitting message with a few fields replaced or removed.
  fc.dictionary(fc.constantFrom(...FIELDS), fc.option(value), { maxKeys: 3 }).map((changes) => {
    const input: Record<string, unknown> = { ...FITTING };
    for (const [key, changed] of Object.entries(changes)) {
      if (changed === null) delete input[key];
      else input[key] = changed;
    }
    return input;
  }),
);

function classValidatorSays(dtoClass: DtoClass, input: Record<string, unknown>): boolean {
  const dto = new dtoClass() as unknown as Record<string, unknown>;
  for (const [key, field] of Object.entries(input)) if (!UNSAFE_KEYS.has(key)) dto[key] = field;
  return validateSync(dto, { whitelist: true, forbidUnknownValues: true }).length === 0;
}

describe('CompiledValidator', () => {
  it('finds the gateway DTOs and compiles every one of them', () => {
    expect(DTOS.length).toBeGreaterThanOrEqual(15);
    for (const dto of DTOS) expect([dto.name, CompiledValidator.compile(dto) !== null]).toEqual([dto.name, true]);
  });

  it.each(DTOS.map((dto) => [dto.name, dto] as const))('agrees with class-validator on %s, for valid and invalid messages alike', (_, dtoClass) => {
    const compiled = CompiledValidator.compile(dtoClass)!;
    const verdicts = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(message, (input) => {
        const dto = new dtoClass() as unknown as Record<string, unknown>;
        compiled.copyAllowed(input, dto);
        const valid = classValidatorSays(dtoClass, input);
        expect(compiled.isValid(dto)).toBe(valid);
        verdicts[valid ? 'valid' : 'invalid']++;
      }),
      { numRuns: 400 },
    );
    // Both answers were exercised, wherever a DTO can refuse at all.
    expect(verdicts.valid).toBeGreaterThan(0);
    if (compiled.checksSomething) expect(verdicts.invalid).toBeGreaterThan(0);
  });

  it('keeps only declared fields and never copies prototype keys', () => {
    const compiled = CompiledValidator.compile(DTOS.find((d) => d.name === 'RoomMessageDto')!)!;
    const dto: Record<string, unknown> = {};
    compiled.copyAllowed(JSON.parse('{"type":"room_message","room_id":"general","content":"hi","extra":1,"__proto__":{"polluted":true}}'), dto);
    expect(dto).toEqual({ type: 'room_message', room_id: 'general', content: 'hi' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
