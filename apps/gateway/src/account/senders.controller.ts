import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AddSenderBody,
  AddSenderCommand,
  IdentityRpc,
  ListSendersCommand,
  SenderCodeSent,
  SenderCommand,
  SenderEntryPage,
  SenderEntryView,
  SenderIdParam,
  SenderListQuery,
  VerifySenderBody,
  VerifySenderCommand,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Audited } from '../audit/audited.decorator';
import { Auth } from '../auth/current-actor.decorator';
import { ApiProblem } from '../http/api-problem.decorator';
import { RpcClient } from '@sms/nats';

const NAME: SenderEntryView = {
  id: '7c1e9a52-3b0d-4f6e-8a21-5d9c0b4e7f13',
  sender: 'FioriSRL',
  kind: 'alphanumeric',
  status: 'pending',
  createdAt: '2026-11-30T08:15:00.000Z',
  decidedAt: null,
};
const NUMBER: SenderEntryView = {
  id: '9a4d2b61-0c3e-4f5a-b7d8-1e2f3a4b5c6d',
  sender: '+393331234567',
  kind: 'numeric',
  status: 'unverified',
  createdAt: '2026-11-30T08:20:00.000Z',
  decidedAt: null,
};
const NOT_MINE = 'No such sender on my list';
const NOT_FOUND = ['not-found', 'Sender not found.'] as const;

/**
 * The senders an account may send as. Logins only (no scope, so an API key gets 403): adding a
 * sender is an act of the account's people, not of a program.
 */
@ApiTags('account')
@ApiBearerAuth()
@ApiResponse({ status: 403, description: 'Called with an API key: senders are managed by a login' })
@Controller('account/senders')
export class SendersController {
  constructor(private readonly services: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'My senders and their status, newest first',
    description:
      'Only `verified` (numbers) and `approved` (names) senders can be used in POST /sms or as the default sender; ' +
      'the platform’s shared number always can, and a sub-account may also use its parent’s. An owner reads a ' +
      'sub-account’s list with subAccountId.',
  })
  @ApiResponse({ status: 200, type: SenderEntryPage, example: { items: [NAME, NUMBER], nextCursor: null } })
  @ApiProblem(
    404,
    'subAccountId is not one of my sub-accounts (or I am a manager)',
    'not-found',
    'Sub-account not found.',
  )
  list(@Auth() auth: VerifiedToken, @Query() query: SenderListQuery): Promise<SenderEntryPage> {
    const cmd: ListSendersCommand = { actor: auth.actor, query };
    return this.services.send(IdentityRpc.listSenders, cmd);
  }

  @Post()
  @Audited({ action: 'sender.add', target: 'sender', changes: 'body' })
  @ApiOperation({
    summary: 'Add a sender to my list',
    description:
      'A number (E.164) starts `unverified` and gets a 6-digit code by SMS (free; valid 30 minutes; limited per ' +
      'account and per number each day): send it back with POST /account/senders/{id}/verify. A name starts ' +
      '`pending` until an operator approves or rejects it.',
  })
  @ApiResponse({ status: 201, type: SenderEntryView, example: NAME })
  @ApiProblem(
    409,
    'The sender is already on my list',
    'sender-exists',
    '"FioriSRL" is already on this account\'s list.',
  )
  @ApiProblem(422, 'My list is full', 'sender-limit-reached', 'An account lists 50 senders at most; delete one first.')
  @ApiProblem(
    429,
    'Too many codes sent for this account or to this number today',
    'verification-rate-limited',
    'Too many verification codes were sent to this number today; try tomorrow.',
  )
  add(@Auth() auth: VerifiedToken, @Body() body: AddSenderBody): Promise<SenderEntryView> {
    const cmd: AddSenderCommand = { actor: auth.actor, body };
    return this.services.send(IdentityRpc.addSender, cmd);
  }

  @Post(':id/verify')
  @Audited({ action: 'sender.verify', target: 'sender' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify a number on my list with the code sent to it',
    description: '5 tries per code. Verifying a verified number answers it unchanged.',
  })
  @ApiResponse({
    status: 200,
    type: SenderEntryView,
    example: { ...NUMBER, status: 'verified', decidedAt: '2026-11-30T08:22:10.000Z' },
  })
  @ApiProblem(404, NOT_MINE, ...NOT_FOUND)
  @ApiProblem(
    422,
    'Wrong, expired or exhausted code (invalid-verification-code), or the sender is a name (not-a-number)',
    'invalid-verification-code',
    'The code is wrong, expired or was tried too many times.',
  )
  verify(
    @Auth() auth: VerifiedToken,
    @Param() p: SenderIdParam,
    @Body() body: VerifySenderBody,
  ): Promise<SenderEntryView> {
    const cmd: VerifySenderCommand = { actor: auth.actor, senderId: p.id, body };
    return this.services.send(IdentityRpc.verifySender, cmd);
  }

  @Post(':id/resend')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a new verification code to a number on my list',
    description: 'Free; the new code replaces the previous one. Same daily limits as adding a number.',
  })
  @ApiResponse({
    status: 202,
    type: SenderCodeSent,
    example: { id: NUMBER.id, expiresAt: '2026-11-30T08:50:00.000Z' },
  })
  @ApiProblem(404, NOT_MINE, ...NOT_FOUND)
  @ApiProblem(422, 'Already verified, or a name', 'already-verified', 'This number is already verified.')
  @ApiProblem(
    429,
    'Too many codes sent for this account or to this number today',
    'verification-rate-limited',
    'Too many verification codes were sent for this account today; try tomorrow.',
  )
  resend(@Auth() auth: VerifiedToken, @Param() p: SenderIdParam): Promise<SenderCodeSent> {
    const cmd: SenderCommand = { actor: auth.actor, senderId: p.id };
    return this.services.send(IdentityRpc.resendSenderCode, cmd);
  }

  @Delete(':id')
  @Audited({ action: 'sender.remove', target: 'sender' })
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a sender from my list',
    description: 'It cannot be used from then on. The default sender cannot be removed: change it first.',
  })
  @ApiResponse({ status: 204, description: 'Removed' })
  @ApiProblem(404, NOT_MINE, ...NOT_FOUND)
  @ApiProblem(
    409,
    'It is my default sender',
    'sender-is-default',
    'This sender is the default sender: change it with PUT /account/sender first.',
  )
  async remove(@Auth() auth: VerifiedToken, @Param() p: SenderIdParam): Promise<void> {
    const cmd: SenderCommand = { actor: auth.actor, senderId: p.id };
    await this.services.send(IdentityRpc.deleteSender, cmd);
  }
}
