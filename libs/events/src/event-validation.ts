import { AnyEvent, ValidationFailedError } from '@sms/contracts';
import { createValidationPipe } from '@sms/nats';

// The RPC payloads' pipe (same rules, same error list), tolerant of fields added by a newer publisher.
const pipe = createValidationPipe({ allowUnknownFields: true });

/**
 * Checks an event's data against the class its descriptor declares; returns why it fails
 * (`accountId: accountId must be a UUID; …`), or undefined when it is valid.
 */
export async function eventDataProblem(event: AnyEvent, data: unknown): Promise<string | undefined> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'data is not an object';
  try {
    await pipe.transform(data, { type: 'body', metatype: event.data });
    return undefined;
  } catch (err) {
    if (err instanceof ValidationFailedError && err.errors)
      return err.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw err;
  }
}
