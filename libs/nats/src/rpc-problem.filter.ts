import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { DomainError, isProblem, Problem, RemoteProblemError } from '@sms/contracts';
import { Observable, throwError } from 'rxjs';

/**
 * SQLSTATEs and socket errors that mean "the database cannot take this right now" (connection
 * exception class 08, too_many_connections, shutdown/starting up), not "this request is wrong".
 */
const DATABASE_UNAVAILABLE = /^(08...|53300|57P0[123]|ECONNREFUSED|ECONNRESET|ETIMEDOUT)$/;

/** True for a pg (or TypeORM-wrapped pg) error saying the database is unavailable for a moment. */
export function isDatabaseUnavailable(exception: unknown): boolean {
  if (!exception || typeof exception !== 'object') return false;
  const e = exception as { name?: unknown; code?: unknown; message?: unknown; driverError?: { code?: unknown } };
  // TypeORM's answers to a query (or the COMMIT) on a transaction whose connection the server just terminated.
  if (e.name === 'QueryRunnerProviderAlreadyReleasedError' || e.name === 'QueryRunnerAlreadyReleasedError') return true;
  const code = e.code ?? e.driverError?.code;
  if (typeof code === 'string' && DATABASE_UNAVAILABLE.test(code)) return true;
  // The database refusing connections for a while (ALLOW_CONNECTIONS false: 55000), or a pooled
  // connection cut under a query (no SQLSTATE): transient too.
  const message = typeof e.message === 'string' ? e.message : '';
  return /not currently accepting connections|Connection terminated|terminating connection due to administrator command/.test(
    message,
  );
}

/** Turns whatever a handler throws into a Problem reply; unexpected errors are logged, not leaked. */
@Catch()
export class RpcProblemFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcProblemFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<Problem> {
    return throwError(() => this.toProblem(exception));
  }

  private toProblem(exception: unknown): Problem {
    if (exception instanceof DomainError) return exception.toProblem();
    if (exception instanceof RemoteProblemError) return exception.problem;
    if (exception instanceof RpcException) {
      const err = exception.getError();
      if (isProblem(err)) return err;
    }
    if (isDatabaseUnavailable(exception)) {
      // Transient: a 503 tells the client to retry (safely, with its Idempotency-Key); a 500 says "bug".
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      return {
        status: 503,
        title: 'Service Unavailable',
        detail: 'The database is unavailable for a moment; retry later.',
        code: 'database-unavailable',
      };
    }
    this.logger.error(exception instanceof Error ? exception : String(exception));
    return { status: 500, title: 'Internal Server Error', detail: 'An unexpected error occurred.', code: 'internal' };
  }
}
