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
}

const COLUMNS = `account_id AS "accountId", threshold, sms_phone AS "smsPhone", sms_active AS "smsActive",
  email_address AS "emailAddress", email_active AS "emailActive", armed, balance_at AS "savedAt"`;

export function toView(r: BalanceAlertRecord | undefined): BalanceAlertView {
  if (!r) return { threshold: null, sms: null, email: null };
  return {
    threshold: r.threshold,
    sms: r.smsPhone === null ? null : { phone: r.smsPhone, active: r.smsActive },
    email: r.emailAddress === null ? null : { address: r.emailAddress, active: r.emailActive },
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
}
