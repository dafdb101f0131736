import { Allow, IsBoolean, IsEmail, IsInt, IsNumber, IsOptional, IsPositive, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { InboundMessageDto } from '../gateway/dto/inbound-message.dto';
import { IsRecoveryPosition, IsRole, IsRoomId, IsRoomName } from '../gateway/dto/validators';
import { ErrorCode } from '../common/error-code';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dtoSchema } from './dto-schema';

/** Every concrete DTO class of the gateway, read from its folder so a new one cannot be missed. */
function gatewayDtos(): (new () => InboundMessageDto)[] {
  const folder = join(__dirname, '..', 'gateway', 'dto');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.dto.ts'))
    .flatMap((file) => Object.values(require(join(folder, file)) as Record<string, unknown>))
    .filter((value): value is new () => InboundMessageDto => typeof value === 'function' && value.prototype instanceof InboundMessageDto);
}

class EveryRuleDto extends InboundMessageDto {
  @IsString()
  @IsRoomId()
  room_id!: string;

  @IsString()
  @IsRoomName()
  name!: string;

  @IsString()
  @IsRole()
  role!: string;

  @IsString()
  @Length(1, 8)
  user_id!: string;

  @IsOptional()
  @IsString()
  @MaxLength(4)
  note?: string | null;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(24)
  hours?: number | null;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number | null;

  @IsOptional()
  @IsBoolean()
  flag?: boolean | null;

  @IsOptional()
  @IsRecoveryPosition()
  since?: { offset: number; epoch: string } | null;

  @Allow()
  anything?: unknown;
}

class UnknownRuleDto extends InboundMessageDto {
  @IsString()
  @IsEmail()
  email!: string;
}

describe('dtoSchema', () => {
  it('turns each rule the gateway DTOs use into its JSON Schema keywords', () => {
    const schema = dtoSchema(EveryRuleDto);
    expect(schema.required).toEqual(['room_id', 'name', 'role', 'user_id']);
    expect(schema.properties).toMatchObject({
      room_id: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$', description: expect.stringContaining(ErrorCode.InvalidRoomId) },
      name: { type: 'string', minLength: 2, maxLength: 50, description: expect.stringContaining(ErrorCode.InvalidName) },
      role: { type: 'string', pattern: expect.stringContaining('[Mm][Oo][Dd][Ee][Rr][Aa][Tt][Oo][Rr]'), description: expect.stringContaining(ErrorCode.InvalidRole) },
      user_id: { type: 'string', minLength: 1, maxLength: 8 },
      note: { type: ['string', 'null'], maxLength: 4 },
      hours: { type: ['number', 'null'], exclusiveMinimum: 0, maximum: 24 },
      limit: { type: ['integer', 'null'], minimum: 1, maximum: 100 },
      flag: { type: ['boolean', 'null'] },
      since: { type: ['object', 'null'], required: ['offset', 'epoch'], properties: { offset: { type: 'integer', minimum: 0 }, epoch: { type: 'string', maxLength: 64 } } },
    });
    // `@Allow()` alone says nothing about a field, and `type`/`request_id` are the frame decoder's.
    expect(Object.keys(schema.properties!)).not.toEqual(expect.arrayContaining(['anything']));
    expect(Object.keys(schema.properties!)).not.toEqual(expect.arrayContaining(['type']));
  });

  it('reads the role pattern exactly as the validator does: any case, nothing else', () => {
    const pattern = new RegExp(dtoSchema(EveryRuleDto).properties!.role.pattern!);
    expect(['owner', 'Admin', 'MODERATOR', 'mEmBeR', 'guest'].every((r) => pattern.test(r))).toBe(true);
    expect(['owners', 'admin ', 'root', ''].some((r) => pattern.test(r))).toBe(false);
  });

  it('gives every field an example its own validators accept, preferring the hint', () => {
    const schema = dtoSchema(EveryRuleDto, { hints: { user_id: 'bob', note: 'far too long for four' } });
    const examples = Object.fromEntries(Object.entries(schema.properties!).map(([k, v]) => [k, v.examples?.[0]]));
    expect(examples).toEqual({
      room_id: 'general',
      name: 'Trading desk',
      role: 'Moderator',
      user_id: 'bob',
      // The hint breaks MaxLength(4): one made from the schema replaces it.
      note: 'exam',
      hours: 1,
      limit: 1,
      flag: false,
      since: { offset: 0, epoch: 'a1b2c3d4' },
    });
  });

  it('reports a rule it cannot express instead of dropping it silently', () => {
    const unknown: string[] = [];
    const schema = dtoSchema(UnknownRuleDto, { onUnknownRule: (rule, property) => unknown.push(`${property}:${rule}`) });
    expect(unknown).toEqual(['email:isEmail']);
    expect(schema.properties!.email).toMatchObject({ type: 'string' });
  });

  it('expresses every rule of every gateway DTO and finds an example for every field', () => {
    const dtos = gatewayDtos();
    expect(dtos.length).toBeGreaterThanOrEqual(18);
    const problems: string[] = [];
    for (const dto of dtos) {
      const schema = dtoSchema(dto, { onUnknownRule: (rule, property) => problems.push(`${dto.name}.${property}: no schema for ${rule}`) });
      for (const [name, field] of Object.entries(schema.properties!)) if (!field.examples?.length) problems.push(`${dto.name}.${name}: no example`);
    }
    expect(problems).toEqual([]);
  });
});
