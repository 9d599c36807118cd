import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusinessRuleError, DomainError, Language, MessagingRpc } from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { createHash, randomInt, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { AccountRepository } from '../users/account.repository';
import { SenderCodeRepository } from './sender-code.repository';

export class TooManySenderCodesError extends DomainError {
  readonly status = 429;
  constructor(message: string) {
    super('verification-rate-limited', message);
  }
}

const CODE_TTL_MS = 30 * 60_000;
const MAX_ATTEMPTS = 5;
/** Messaging waits up to 5 s for the carrier's verdict before answering. */
const SMS_TIMEOUT_MS = 10_000;
const hash = (code: string): string => createHash('sha256').update(code).digest('hex');

/** No text of the customer's: only the code, so the message cannot carry anyone's advert. */
function codeText(language: Language, code: string): string {
  return language === 'en'
    ? `Your sender verification code is ${code}. It is valid for 30 minutes. If you did not ask for it, ignore this message.`
    : `Il codice di verifica del mittente è ${code}. Vale 30 minuti. Se non l'hai chiesto, ignora questo messaggio.`;
}

/**
 * The code that proves a customer holds a number it wants to send from: 6 digits, sent once to
 * the number as a free system SMS (messaging), valid 30 minutes, 5 tries. Codes sent are
 * limited per account and per number (across accounts), so listing numbers cannot flood anyone.
 */
@Injectable()
export class SenderCodesService {
  private readonly logger = new Logger(SenderCodesService.name);
  private readonly repo = new SenderCodeRepository();

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    private readonly accounts: AccountRepository,
  ) {}

  /**
   * Stores a new code in `em`'s transaction (429 when a daily limit is reached) and returns the
   * delivery to run after commit; the SMS goes out in the background (a resend exists).
   */
  async issue(
    em: EntityManager,
    accountId: string,
    senderId: string,
    number: string,
  ): Promise<{ expiresAt: string; deliver: () => void }> {
    await this.repo.lockIssuers(em, accountId, number);
    const { perAccount, perNumber } = await this.repo.countLastDay(em, accountId, number);
    if (perAccount >= this.env.SENDER_CODES_PER_ACCOUNT_PER_DAY) {
      throw new TooManySenderCodesError('Too many verification codes were sent for this account today; try tomorrow.');
    }
    if (perNumber >= this.env.SENDER_CODES_PER_NUMBER_PER_DAY) {
      throw new TooManySenderCodesError('Too many verification codes were sent to this number today; try tomorrow.');
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + CODE_TTL_MS);
    await this.repo.insert(em, {
      id,
      senderId,
      accountId,
      recipient: number,
      codeHash: hash(code),
      expiresAt,
    });
    const deliver = (): void => {
      this.send(accountId, id, number, code).catch((err: unknown) =>
        this.logger.warn({
          msg: 'sender verification code not sent',
          accountId,
          senderId,
          error: err instanceof Error ? err.message : String(err),
        }),
      );
    };
    return { expiresAt: expiresAt.toISOString(), deliver };
  }

  /**
   * Uses one try of the sender's latest code; 422 when wrong, expired or out of tries. Its own
   * statement, outside any transaction: a wrong try counts even though the request fails.
   */
  async check(accountId: string, senderId: string, code: string): Promise<void> {
    const rows = await this.repo.useTry(this.ds, accountId, senderId, hash(code), MAX_ATTEMPTS);
    if (rows.length === 0 || !rows[0].ok) {
      throw new BusinessRuleError(
        'invalid-verification-code',
        'The code is wrong, expired or was tried too many times. Ask for a new one with POST /account/senders/{id}/resend.',
      );
    }
  }

  private async send(accountId: string, id: string, to: string, code: string): Promise<void> {
    const language = await this.accounts.language(accountId);
    await this.rpc.send(MessagingRpc.sendSystem, { id, to, text: codeText(language, code) }, SMS_TIMEOUT_MS);
    this.logger.log({ msg: 'sender verification code sent', accountId });
  }
}
