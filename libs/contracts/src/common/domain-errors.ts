import { FieldError, Problem, titleFor } from './problem';

/**
 * A typed business error. Services throw subclasses; the NATS layer turns them into a
 * Problem reply and the gateway into the matching HTTP status.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;

  constructor(
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  toProblem(): Problem {
    const problem: Problem = {
      status: this.status,
      title: titleFor(this.status),
      detail: this.message,
      code: this.code,
    };
    if (this.errors) problem.errors = this.errors;
    return problem;
  }
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  constructor(errors: FieldError[], message = 'The request is invalid.') {
    super('validation-failed', message, errors);
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  constructor(message = 'Authentication is required.', code = 'unauthorized') {
    super(code, message);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(message = 'You are not allowed to do this.', code = 'forbidden') {
    super(code, message);
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(what = 'Resource', code = 'not-found') {
    super(code, `${what} not found.`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  constructor(code: string, message: string) {
    super(code, message);
  }
}

export class BusinessRuleError extends DomainError {
  readonly status = 422;
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** A problem received from another service, re-thrown as-is on this side. */
export class RemoteProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'RemoteProblemError';
  }
}
