import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { UnauthorizedError } from '@sms/contracts';
import { AuthenticatedRequest } from './jwt-auth.guard';
import { VerifiedToken } from './access-token.verifier';

/** The verified caller (actor + session) of an authenticated route. */
export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): VerifiedToken => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new UnauthorizedError();
  return auth;
});
