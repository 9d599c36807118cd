import { registerDecorator, ValidationOptions } from 'class-validator';

/** E.164: a plus, a non-zero country digit, 7 to 15 digits in all. */
export const E164_PATTERN = /^\+[1-9]\d{6,14}$/;

/** Alphanumeric sender: 3–11 of [A-Za-z0-9 .-] with at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 .-]{3,11}$/;

export function isValidSender(value: unknown): value is string {
  return typeof value === 'string' && (ALPHANUMERIC_SENDER.test(value) || E164_PATTERN.test(value));
}

export function IsE164(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isE164',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an E.164 phone number, e.g. +393331234567', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && E164_PATTERN.test(v) },
    });
}

/**
 * Every element of an array is E.164, in ONE validator call: class-validator's `{ each: true }`
 * runs its per-value machinery for each element, which for a 10,000-recipient `POST /sms` cost
 * tens of milliseconds per validation (gateway and messaging both validate). Same constraint name
 * and message as `@IsE164({ each: true })`; a value that is not an array passes here (`@IsArray` says so).
 */
export function AllE164(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isE164',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'each value in $property must be an E.164 phone number, e.g. +393331234567', ...options },
      validator: {
        validate: (v: unknown) => !Array.isArray(v) || v.every((x) => typeof x === 'string' && E164_PATTERN.test(x)),
      },
    });
}

export function IsSenderName(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSenderName',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message:
          '$property must be 3–11 characters of letters, digits, space, dot or dash with at least one letter, or an E.164 number',
        ...options,
      },
      validator: { validate: isValidSender },
    });
}
