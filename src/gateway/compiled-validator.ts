import { getMetadataStorage, ValidationArguments } from 'class-validator';

/** Keys that would reach the prototype or the constructor of the DTO if copied. */
export const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Rule {
  validate(value: unknown, args: ValidationArguments): unknown;
  /** Reused for every call: validation is synchronous, so one object per rule is enough. */
  args: ValidationArguments;
  /** `validateIf` of the decorator, when it has one. */
  validateIf?: (object: object, value: unknown) => boolean;
}

interface PropertyCheck {
  property: string;
  /** `@IsOptional()` and the like: when one says no, the property is not validated. */
  conditions: ((object: object, value: unknown) => boolean)[];
  rules: Rule[];
}

/**
 * A DTO's class-validator decorators, read once and turned into plain loops: the same constraint
 * functions class-validator would call, without building error objects, contexts and arrays for every
 * message. It only answers "valid or not"; when a message is not valid, the caller runs class-validator
 * itself for the exact errors, so refusals read exactly as before.
 */
export class CompiledValidator {
  private constructor(
    private readonly allowed: ReadonlySet<string>,
    private readonly checks: readonly PropertyCheck[],
  ) {}

  /** The compiled form of a DTO, or null when it uses something this does not handle (then class-validator runs). */
  static compile(target: new () => object): CompiledValidator | null {
    const storage = getMetadataStorage();
    const metadatas = storage.getTargetValidationMetadatas(target, '', true, false);
    const allowed = new Set<string>();
    const byProperty = new Map<string, PropertyCheck>();
    for (const metadata of metadatas) {
      allowed.add(metadata.propertyName);
      let check = byProperty.get(metadata.propertyName);
      if (!check) byProperty.set(metadata.propertyName, (check = { property: metadata.propertyName, conditions: [], rules: [] }));
      switch (metadata.type) {
        case 'whitelistValidation':
          break;
        case 'conditionalValidation':
          check.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
          break;
        case 'customValidation': {
          if (metadata.each) return null;
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return null;
            const args: ValidationArguments = { targetName: target.name, property: metadata.propertyName, object: {}, value: undefined, constraints: metadata.constraints };
            check.rules.push({ validate: (value, a) => constraint.instance.validate(value, a), args, validateIf: metadata.validateIf });
          }
          break;
        }
        default:
          return null;
      }
    }
    return new CompiledValidator(allowed, [...byProperty.values()].filter((c) => c.rules.length > 0));
  }

  /** Whether the DTO has any rule (a message with no fields of its own cannot be refused). */
  get checksSomething(): boolean {
    return this.checks.length > 0;
  }

  /** Copies the declared fields of `input` onto `dto` (the whitelist), skipping unsafe keys. */
  copyAllowed(input: Record<string, unknown>, dto: Record<string, unknown>): void {
    for (const key in input) {
      if (this.allowed.has(key) && !UNSAFE_KEYS.has(key) && Object.prototype.hasOwnProperty.call(input, key)) dto[key] = input[key];
    }
  }

  /** Whether every rule holds for the DTO. */
  isValid(dto: Record<string, unknown>): boolean {
    for (const check of this.checks) {
      const value = dto[check.property];
      if (!check.conditions.every((condition) => condition(dto, value))) continue;
      for (const rule of check.rules) {
        if (rule.validateIf && !rule.validateIf(dto, value)) continue;
        rule.args.object = dto;
        rule.args.value = value;
        if (!rule.validate(value, rule.args)) return false;
      }
    }
    return true;
  }
}
