import { QueryFailedError } from 'typeorm';

interface PgDriverError {
  code?: string;
  constraint?: string;
}

function driverError(err: unknown): PgDriverError | undefined {
  if (err instanceof QueryFailedError) return err.driverError as PgDriverError;
  if (typeof err === 'object' && err !== null && 'code' in err) return err as PgDriverError;
  return undefined;
}

/** True for a unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = driverError(err);
  return e?.code === '23505' && (!constraint || e.constraint === constraint);
}

/** True for a check_violation, optionally on one named constraint. */
export function isCheckViolation(err: unknown, constraint?: string): boolean {
  const e = driverError(err);
  return e?.code === '23514' && (!constraint || e.constraint === constraint);
}
