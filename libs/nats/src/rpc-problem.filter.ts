import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { DomainError, isProblem, Problem, RemoteProblemError } from '@sms/contracts';
import { Observable, throwError } from 'rxjs';

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
    this.logger.error(exception instanceof Error ? exception : String(exception));
    return { status: 500, title: 'Internal Server Error', detail: 'An unexpected error occurred.', code: 'internal' };
  }
}
