import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { titleFor } from '@sms/contracts';

/** A documented error response: application/problem+json with an example body (a route's, or every route's of a controller). */
export function ApiProblem(
  status: number,
  description: string,
  code: string,
  detail: string,
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiResponse({
      status,
      description,
      content: {
        'application/problem+json': {
          schema: { type: 'object' },
          example: { status, title: titleFor(status), detail, code },
        },
      },
    }),
  );
}

/** The two errors of every list an owner can read for one of its sub-accounts (`?subAccountId=`). */
export function ApiSubAccountListProblems(): MethodDecorator {
  return applyDecorators(
    ApiProblem(400, 'Invalid filter, limit or cursor', 'validation-failed', 'The request is invalid.'),
    ApiProblem(
      404,
      'subAccountId is not one of my sub-accounts (or I am a manager)',
      'not-found',
      'Sub-account not found.',
    ),
  );
}
