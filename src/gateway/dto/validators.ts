import { registerDecorator, ValidationOptions } from 'class-validator';
import { ErrorCode } from '../../common/error-code';
import { codePointLength, findDangerousUnicode } from '../../common/unicode';
import { parseRole } from '../../moderation/role';
import { ROOM_ID_PATTERN, ROOM_NAME_MAX, ROOM_NAME_MIN } from '../../rooms/rooms.constants';

/**
 * Validation decorators whose failures carry a protocol error code (`context.code`); failures of
 * plain type checks carry none and become `INVALID_PAYLOAD`.
 */
function withCode(code: ErrorCode, options?: ValidationOptions): ValidationOptions {
  return { ...options, context: { code } };
}

/** A room id: `[A-Za-z0-9_.-]{1,64}` (`INVALID_ROOM_ID`). */
export function IsRoomId(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRoomId',
      target: target.constructor,
      propertyName: propertyName as string,
      options: withCode(ErrorCode.InvalidRoomId, options),
      validator: {
        validate: (value: unknown) => typeof value === 'string' && ROOM_ID_PATTERN.test(value),
        defaultMessage: () => `${String(propertyName)} must be 1-64 characters of A-Z a-z 0-9 _ . -`,
      },
    });
}

/** A room name: 2-50 characters after trimming, no dangerous code points (`INVALID_NAME`). */
export function IsRoomName(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRoomName',
      target: target.constructor,
      propertyName: propertyName as string,
      options: withCode(ErrorCode.InvalidName, options),
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const length = codePointLength(value.trim());
          return length >= ROOM_NAME_MIN && length <= ROOM_NAME_MAX && findDangerousUnicode(value) === null;
        },
        defaultMessage: () => `${String(propertyName)} must be ${ROOM_NAME_MIN}-${ROOM_NAME_MAX} characters without control or invisible characters`,
      },
    });
}

/** A recovery position `{offset, epoch}` (`INVALID_PAYLOAD`). */
export function IsRecoveryPosition(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRecoveryPosition',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const { offset, epoch } = value as Record<string, unknown>;
          return Number.isSafeInteger(offset) && (offset as number) >= 0 && typeof epoch === 'string' && epoch.length <= 64;
        },
        defaultMessage: () => `${String(propertyName)} must be {"offset": <integer >= 0>, "epoch": "<string>"}`,
      },
    });
}

/** A role name, in any case: `owner`, `Admin`, `MODERATOR`, `member`, `guest` (`INVALID_ROLE`). */
export function IsRole(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRole',
      target: target.constructor,
      propertyName: propertyName as string,
      options: withCode(ErrorCode.InvalidRole, options),
      validator: {
        validate: (value: unknown) => parseRole(value) !== undefined,
        defaultMessage: () => `${String(propertyName)} must be one of Owner, Admin, Moderator, Member, Guest (any case)`,
      },
    });
}
