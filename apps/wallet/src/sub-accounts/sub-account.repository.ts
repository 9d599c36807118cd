import { Injectable } from '@nestjs/common';
import {
  DEFAULT_TIME_ZONE,
  ManagerContactChangedData,
  ManagerView,
  NotFoundError,
  SubAccountView,
} from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { calendarMonths } from './calendar-months';

export interface SubAccountRow extends SubAccountView {
  parentAccountId: string;
  managerUserId: string;
  cursorTs: string;
}

interface RawRow {
  id: string;
  parentAccountId: string;
  name: string;
  managerUserId: string;
  managerFirstName: string;
  managerLastName: string;
  managerEmail: string;
  unlimited: boolean;
  active: boolean;
  createdAt: Date;
  cursorTs: string;
  credits: string;
  smsSent: string;
  creditsUsedThisMonth: string;
  creditsUsedLastMonth: string;
}

// "SMS sent": messages the carrier accepted (counted from messaging's events). Credits used in a
// month: what the reservations made in it charged, minus what was refunded of them.
const usedIn = (from: string, to: string) =>
  `COALESCE((SELECT sum(r.credits - r.refunded_credits) FROM wallet.reservations r
     WHERE r.account_id = s.id AND r.created_at >= ${from} AND r.created_at < ${to}), 0)`;

/** The row query; `$n`, `$n+1`, `$n+2` are the first instants of last, this and next month. */
const select = (n: number) => `
  SELECT s.id, s.parent_account_id AS "parentAccountId", s.name, s.manager_user_id AS "managerUserId",
         s.manager_first_name AS "managerFirstName", s.manager_last_name AS "managerLastName",
         s.manager_email AS "managerEmail", s.unlimited, s.active, s.created_at AS "createdAt",
         s.created_at::text AS "cursorTs", w.balance AS credits, s.sms_sent AS "smsSent",
         ${usedIn(`$${n + 1}`, `$${n + 2}`)} AS "creditsUsedThisMonth",
         ${usedIn(`$${n}`, `$${n + 1}`)} AS "creditsUsedLastMonth"
  FROM wallet.sub_accounts s JOIN wallet.wallets w ON w.account_id = s.id`;

function monthParams(): Date[] {
  const m = calendarMonths(new Date(), DEFAULT_TIME_ZONE);
  return [m.lastStart, m.thisStart, m.nextStart];
}

function toRow(r: RawRow): SubAccountRow {
  const manager: ManagerView = { firstName: r.managerFirstName, lastName: r.managerLastName, email: r.managerEmail };
  return {
    id: r.id,
    name: r.name,
    manager,
    smsSent: Number(r.smsSent),
    creditsUsedThisMonth: Number(r.creditsUsedThisMonth),
    creditsUsedLastMonth: Number(r.creditsUsedLastMonth),
    credits: Number(r.credits),
    unlimited: r.unlimited,
    active: r.active,
    createdAt: new Date(r.createdAt).toISOString(),
    parentAccountId: r.parentAccountId,
    managerUserId: r.managerUserId,
    cursorTs: r.cursorTs,
  };
}

export function toView(r: SubAccountRow): SubAccountView {
  const { id, name, manager, smsSent, creditsUsedThisMonth, creditsUsedLastMonth, credits, unlimited, active } = r;
  return {
    id,
    name,
    manager,
    smsSent,
    creditsUsedThisMonth,
    creditsUsedLastMonth,
    credits,
    unlimited,
    active,
    createdAt: r.createdAt,
  };
}

export interface NewSubAccount {
  id: string;
  parentAccountId: string;
  name: string;
  managerUserId: string;
  manager: ManagerView;
  unlimited: boolean;
}

/** Sub-accounts, always looked up under their owner account: another owner's id is "not found". */
@Injectable()
export class SubAccountRepository {
  async insert(em: EntityManager, s: NewSubAccount): Promise<void> {
    await em.query(
      `INSERT INTO wallet.sub_accounts (id, parent_account_id, name, manager_user_id, manager_first_name,
         manager_last_name, manager_email, unlimited)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        s.id,
        s.parentAccountId,
        s.name,
        s.managerUserId,
        s.manager.firstName,
        s.manager.lastName,
        s.manager.email,
        s.unlimited,
      ],
    );
  }

  async find(em: EntityManager, parentAccountId: string, id: string, lock = false): Promise<SubAccountRow | undefined> {
    if (lock) {
      // Serialises changes to one sub-account (rename, switch to unlimited, credit, reset).
      await em.query(`SELECT 1 FROM wallet.sub_accounts WHERE id = $1 AND parent_account_id = $2 FOR NO KEY UPDATE`, [
        id,
        parentAccountId,
      ]);
    }
    const rows: RawRow[] = await em.query(`${select(3)} WHERE s.id = $1 AND s.parent_account_id = $2`, [
      id,
      parentAccountId,
      ...monthParams(),
    ]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async get(em: EntityManager, parentAccountId: string, id: string, lock = false): Promise<SubAccountRow> {
    const row = await this.find(em, parentAccountId, id, lock);
    if (!row) throw new NotFoundError('Sub-account');
    return row;
  }

  /** Oldest first; the cursor is the last row's exact (created_at, id). */
  async list(
    em: EntityManager,
    parentAccountId: string,
    limit: number,
    after?: { ts: string; id: string },
  ): Promise<SubAccountRow[]> {
    const rows: RawRow[] = after
      ? await em.query(
          `${select(5)} WHERE s.parent_account_id = $1 AND (s.created_at, s.id) > ($3::timestamptz, $4::uuid)
           ORDER BY s.created_at, s.id LIMIT $2`,
          [parentAccountId, limit, after.ts, after.id, ...monthParams()],
        )
      : await em.query(`${select(3)} WHERE s.parent_account_id = $1 ORDER BY s.created_at, s.id LIMIT $2`, [
          parentAccountId,
          limit,
          ...monthParams(),
        ]);
    return rows.map(toRow);
  }

  async update(
    em: EntityManager,
    parentAccountId: string,
    id: string,
    changes: { name?: string; manager?: Partial<ManagerView>; unlimited?: boolean; active?: boolean },
  ): Promise<void> {
    await em.query(
      `UPDATE wallet.sub_accounts SET
         name = COALESCE($3, name),
         manager_first_name = COALESCE($4, manager_first_name),
         manager_last_name = COALESCE($5, manager_last_name),
         manager_email = COALESCE($6, manager_email),
         unlimited = COALESCE($7, unlimited),
         active = COALESCE($8, active),
         updated_at = now()
       WHERE id = $1 AND parent_account_id = $2`,
      [
        id,
        parentAccountId,
        changes.name ?? null,
        changes.manager?.firstName ?? null,
        changes.manager?.lastName ?? null,
        changes.manager?.email ?? null,
        changes.unlimited ?? null,
        changes.active ?? null,
      ],
    );
  }

  /** Identity's newer state of the manager wins; an older event arriving late changes nothing. */
  async applyManagerContact(em: EntityManager, c: ManagerContactChangedData): Promise<void> {
    await em.query(
      `UPDATE wallet.sub_accounts SET manager_first_name = $3, manager_last_name = $4, manager_email = $5,
         manager_contact_at = $6, updated_at = now()
       WHERE id = $1 AND manager_user_id = $2 AND (manager_contact_at IS NULL OR manager_contact_at < $6)`,
      [c.accountId, c.userId, c.firstName, c.lastName, c.email, c.changedAt],
    );
  }

  /**
   * More messages of these sub-accounts accepted by the carrier, in one statement (owners' messages
   * match no row). The rows are locked in id order first, so two batches never deadlock.
   */
  async countSent(em: EntityManager, sentByAccount: ReadonlyMap<string, number>): Promise<void> {
    if (sentByAccount.size === 0) return;
    await em.query(
      `WITH locked AS (
         SELECT id FROM wallet.sub_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE
       )
       UPDATE wallet.sub_accounts s SET sms_sent = s.sms_sent + u.n
         FROM unnest($1::uuid[], $2::int[]) AS u(id, n) JOIN locked l ON l.id = u.id
        WHERE s.id = u.id`,
      [[...sentByAccount.keys()], [...sentByAccount.values()]],
    );
  }
}
