import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** RFC 9457 problem details as every error of the API is answered (see `Problem` in @sms/contracts). */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['status', 'title', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    status: { type: 'integer', example: 422 },
    title: { type: 'string', example: 'Unprocessable Entity' },
    detail: { type: 'string', example: 'The balance is too short: 12 credits needed, 3 available.' },
    code: { type: 'string', description: 'Stable machine-readable code', example: 'insufficient-credits' },
    errors: {
      type: 'array',
      description: 'One entry per invalid field (validation failures only)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', example: 'to[0]' },
          message: { type: 'string', example: 'must be an E.164 phone number' },
        },
      },
    },
  },
};
