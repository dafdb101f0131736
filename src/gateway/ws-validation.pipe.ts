import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validateSync, ValidationError } from 'class-validator';
import { ErrorCode } from '../common/error-code';
import { FieldProblem, ProtocolException } from '../common/protocol.exception';
import { CompiledValidator, UNSAFE_KEYS } from './compiled-validator';
import { InboundMessageDto } from './dto/inbound-message.dto';

type DtoClass = new () => InboundMessageDto;


/**
 * Validates each inbound message against the DTO of its handler (class-validator's decorators, compiled
 * once per DTO into plain loops by `CompiledValidator`; class-validator itself runs only to word a
 * refusal), strips fields the
 * DTO does not declare, and turns failures into the protocol's error: `INVALID_PAYLOAD` with
 * `details`, or the field's own code (`INVALID_ROOM_ID`, `INVALID_NAME`) when only its format is wrong.
 */
@Injectable()
export class WsValidationPipe implements PipeTransform {
  /** Each DTO's decorators compiled once (null: class-validator runs for every message of that DTO). */
  private readonly compiled = new Map<DtoClass, CompiledValidator | null>();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const metatype = metadata.metatype as DtoClass | undefined;
    if (!metatype || !(metatype.prototype instanceof InboundMessageDto)) return value;
    const input = value as Record<string, unknown>;
    let compiled = this.compiled.get(metatype);
    if (compiled === undefined) this.compiled.set(metatype, (compiled = CompiledValidator.compile(metatype)));
    if (compiled) {
      const dto = new metatype() as unknown as Record<string, unknown>;
      compiled.copyAllowed(input, dto);
      if (compiled.isValid(dto)) return dto;
    }
    // The slow path, for refusals: class-validator itself, so every error reads as it always has.
    const dto = new metatype() as unknown as Record<string, unknown>;
    for (const [key, field] of Object.entries(input)) {
      if (!UNSAFE_KEYS.has(key)) dto[key] = field;
    }
    const errors = validateSync(dto, { whitelist: true, forbidUnknownValues: true, validationError: { target: false, value: false } });
    if (errors.length > 0) throw toProtocolException(errors);
    return dto;
  }
}

function toProtocolException(errors: ValidationError[]): ProtocolException {
  const details: FieldProblem[] = errors.map((e) => ({ field: e.property, message: typeMessage(e) }));
  const first = errors[0];
  const failed = Object.keys(first.constraints ?? {});
  const codes = failed.map((name) => (first.contexts?.[name]?.code as ErrorCode | undefined) ?? ErrorCode.InvalidPayload);
  const code = codes.length > 0 && codes.every((c) => c === codes[0]) ? codes[0] : ErrorCode.InvalidPayload;
  if (code !== ErrorCode.InvalidPayload) {
    const specific = failed[codes.indexOf(code)];
    return new ProtocolException(code, first.constraints![specific]);
  }
  return new ProtocolException(ErrorCode.InvalidPayload, `Invalid payload: ${details.map((d) => d.message).join('; ')}`, { details });
}

/** The message of a failed type check when there is one (it says more than the format rule). */
function typeMessage(error: ValidationError): string {
  const constraints = error.constraints ?? {};
  const typeCheck = Object.keys(constraints).find((name) => error.contexts?.[name]?.code === undefined);
  return constraints[typeCheck ?? Object.keys(constraints)[0]] ?? `${error.property} is invalid`;
}
