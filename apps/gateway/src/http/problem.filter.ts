import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { toProblem } from './problem-response';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every error leaves the gateway as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    sendProblem(reply, exception, this.logger);
  }
}

export function sendProblem(reply: FastifyReply, exception: unknown, logger: Pick<Logger, 'error'>): void {
  const { problem, unexpected } = toProblem(exception);
  if (unexpected) logger.error(exception instanceof Error ? exception : String(exception));
  if (problem.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
