import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { validateSync } from 'class-validator';
import { UNSAFE_KEYS } from '../gateway/compiled-validator';

/**
 * Validates a JSON body against a class-validator DTO and answers 400 with the offending fields.
 * Nest's `ValidationPipe` would need class-transformer, which this package does not ship; a flat DTO
 * needs only its fields copied.
 */
@Injectable()
export class BodyValidationPipe<T extends object> implements PipeTransform<unknown, T> {
  constructor(private readonly type: new () => T) {}

  transform(body: unknown): T {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest([{ field: '', message: 'the body must be a JSON object' }]);
    const dto = new this.type();
    for (const [key, value] of Object.entries(body)) if (!UNSAFE_KEYS.has(key)) (dto as Record<string, unknown>)[key] = value;
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) {
      throw badRequest(errors.map((e) => ({ field: e.property, message: Object.values(e.constraints ?? {})[0] ?? 'invalid' })));
    }
    return dto;
  }
}

function badRequest(details: { field: string; message: string }[]): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'Invalid request body', details });
}
