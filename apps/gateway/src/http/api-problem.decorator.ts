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
