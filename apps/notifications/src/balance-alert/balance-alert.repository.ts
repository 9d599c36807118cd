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
  email_address AS "emailAddress", email_active AS "emailActive", armed`;

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

  async find(accountId: string): Promise<BalanceAlertRecord | undefined> {
    const rows: BalanceAlertRecord[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM notifications.balance_alerts WHERE account_id = $1`,
      [accountId],
    );
    return rows[0];
  }

  /**
   * Saves the setting. `armed` is derived from the balance the wallet just reported when the
   * row is new or the threshold changed (a threshold the balance is already under stays
   * silent); changing only the channels keeps the detector's state.
   */
  async save(accountId: string, s: BalanceAlertSettings, balance: number, balanceAt: Date): Promise<BalanceAlertRecord> {
    const rows: BalanceAlertRecord[] = await this.ds.query(
      `INSERT INTO notifications.balance_alerts AS b
         (account_id, threshold, sms_phone, sms_active, email_address, email_active, armed, balance, balance_at)
       VALUES ($1, $2::int, $3, $4, $5, $6, $7::bigint > $2::int, $7::bigint, $8::timestamptz)
       ON CONFLICT (account_id) DO UPDATE SET
         threshold = EXCLUDED.threshold,
         sms_phone = EXCLUDED.sms_phone, sms_active = EXCLUDED.sms_active,
         email_address = EXCLUDED.email_address, email_active = EXCLUDED.email_active,
         armed = CASE WHEN b.threshold = EXCLUDED.threshold THEN b.armed ELSE EXCLUDED.armed END,
         balance = EXCLUDED.balance, balance_at = EXCLUDED.balance_at,
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
        balanceAt,
      ],
    );
    return rows[0];
  }

  /** Locks the account's row for the detector's transaction (serialises it with a concurrent PUT). */
  async lockForDetection(em: EntityManager, accountId: string): Promise<BalanceAlertRecord | undefined> {
    const rows: BalanceAlertRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM notifications.balance_alerts WHERE account_id = $1 FOR UPDATE`,
      [accountId],
    );
    return rows[0];
  }

  /** The balance went above a threshold saved under it: alerts are on from now. */
  async arm(em: EntityManager, accountId: string): Promise<void> {
    await em.query(`UPDATE notifications.balance_alerts SET armed = true WHERE account_id = $1`, [accountId]);
  }
}
