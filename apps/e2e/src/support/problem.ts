import { HttpResponse } from '@sms/testing';

/** Asserts an RFC 9457 problem with the given status (and, when given, an error on `field`). */
export function expectProblem(res: HttpResponse, status: number, field?: string): void {
  expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  if (field) expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}
