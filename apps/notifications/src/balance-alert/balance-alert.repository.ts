import { Inject, Injectable } from '@nestjs/common';
import { BalanceAlertSettings, BalanceAlertView } from '@sms/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AlertState } from '../detection/alert-state';

/** The alert setting of an account plus the detector's state for it. */
export interface BalanceAlertRecord extends AlertState {
  accountId: string;
  smsPhone: string | null;
  smsActive: boolean;
  emailAddress: string | null;
  emailActive: boolean;
  /** The recipient got a code and sent it back; reset whenever the recipient changes. */
  smsVerified: boolean;
  emailVerified: boolean;
}

const COLUMNS = `account_id AS "accountId", threshold, sms_phone AS "smsPhone", sms_active AS "smsActive",
  email_address AS "emailAddress", email_active AS "emailActive",
  sms_verified AS "smsVerified", email_verified AS "emailVerified", armed, balance_at AS "savedAt"`;

export function toView(r: BalanceAlertRecord | undefined): BalanceAlertView {
  if (!r) return { threshold: null, sms: null, email: null };
  return {
    threshold: r.threshold,
    sms: r.smsPhone === null ? null : { phone: r.smsPhone, active: r.smsActive, verified: r.smsVerified },
    email:
      r.emailAddress === null ? null : { address: r.emailAddress, active: r.emailActive, verified: r.emailVerified },
  };
}

/** notifications.balance_alerts; every method takes the account id. */
@Injectable()
export class BalanceAlertRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** `em`: the detector's transaction; the setting is only read there. */
  async find(accountId: string, em: EntityManager = this.ds.manager): Promise<BalanceAlertRecord | undefined> {
    const rows: BalanceAlertRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM notifications.balance_alerts WHERE account_id = $1`,
      [accountId],
    );
    return rows[0];
  }

  /** The settings of those accounts that have one, by account id (the detector's batch: one query). */
  async findMany(accountIds: string[], em: EntityManager): Promise<Map<string, BalanceAlertRecord>> {
    if (accountIds.length === 0) return new Map();
    const rows: BalanceAlertRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM notifications.balance_alerts WHERE account_id = ANY($1::uuid[])`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.accountId, r]));
  }

  /**
   * Saves the setting. When the row is new or the threshold changed, `armed` (balance above
   * the threshold) and `balance_at` (the save time, taken before the wallet was asked) are
   * set from the wallet's answer; changing only the channels keeps them.
   */
  async save(accountId: string, s: BalanceAlertSettings, balance: number, savedAt: Date): Promise<BalanceAlertRecord> {
    const rows: BalanceAlertRecord[] = await this.ds.query(
      `INSERT INTO notifications.balance_alerts AS b
         (account_id, threshold, sms_phone, sms_active, email_address, email_active, armed, balance, balance_at)
       VALUES ($1, $2::int, $3, $4, $5, $6, $7::bigint > $2::int, $7::bigint, $8::timestamptz)
       ON CONFLICT (account_id) DO UPDATE SET
         threshold = EXCLUDED.threshold,
         sms_phone = EXCLUDED.sms_phone, sms_active = EXCLUDED.sms_active,
         email_address = EXCLUDED.email_address, email_active = EXCLUDED.email_active,
         -- A new recipient is unverified until it sends back the code sent to it.
         sms_verified = b.sms_verified AND b.sms_phone IS NOT DISTINCT FROM EXCLUDED.sms_phone,
         email_verified = b.email_verified AND b.email_address IS NOT DISTINCT FROM EXCLUDED.email_address,
         armed = CASE WHEN b.threshold = EXCLUDED.threshold THEN b.armed ELSE EXCLUDED.armed END,
         balance = CASE WHEN b.threshold = EXCLUDED.threshold THEN b.balance ELSE EXCLUDED.balance END,
         balance_at = CASE WHEN b.threshold = EXCLUDED.threshold THEN b.balance_at ELSE EXCLUDED.balance_at END,
         updated_at = now()
       RETURNING ${COLUMNS}`,
      [
        accountId,
        s.threshold,
        s.sms?.phone ?? null,
        s.sms?.active ?? false,
        s.email?.address ?? null,
        s.email?.active ?? false,
        balance,
        savedAt,
      ],
    );
    return rows[0];
  }

  /** Marks the channel verified if its recipient is still `recipient` (the one the code was sent to). */
  async markVerified(accountId: string, channel: 'email' | 'sms', recipient: string): Promise<boolean> {
    const column = channel === 'email' ? 'email' : 'sms';
    const target = channel === 'email' ? 'email_address' : 'sms_phone';
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [unknown[], number] = await this.ds.query(
      `UPDATE notifications.balance_alerts SET ${column}_verified = true, updated_at = now()
       WHERE account_id = $1 AND ${target} = $2 RETURNING account_id`,
      [accountId, recipient],
    );
    return rows.length === 1;
  }
}
