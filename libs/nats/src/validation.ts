import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from '@sms/contracts';
import { cacheValidationMetadata } from './validation-metadata-cache';

/** Flattens nested class-validator errors into `{field: 'a.b.c', message}` pairs. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      message: humanize(message, e.property, field),
    }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

function humanize(message: string, property: string, field: string): string {
  if (message === `property ${property} should not exist`) return `${field} is not an allowed field`;
  return message;
}

/**
 * The one validation pipe of the house, for HTTP bodies, NATS payloads and events alike:
 * unknown fields are refused (events, read by consumers older than their publisher, accept
 * them: `allowUnknownFields`), types are converted, failures are a 400 problem.
 */
export function createValidationPipe(opts: { allowUnknownFields?: boolean } = {}): ValidationPipe {
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: !opts.allowUnknownFields,
    forbidNonWhitelisted: !opts.allowUnknownFields,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
