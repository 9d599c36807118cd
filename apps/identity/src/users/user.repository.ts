import { Inject, Injectable } from '@nestjs/common';
import { ConflictError } from '@sms/contracts';
import { isUniqueViolation } from '@sms/database';
import { DataSource, EntityManager } from 'typeorm';
import { USER_COLUMNS, UserRecord } from './user.record';

export interface NewUser {
  accountId: string;
  role: UserRecord['role'];
  email: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
}

const emailTaken = () => new ConflictError('email-taken', 'This e-mail address is already used by another login.');

/** Users. Every read or write of a known user is scoped by its account id. */
@Injectable()
export class UserRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async insert(user: NewUser, em: EntityManager = this.ds.manager): Promise<string> {
    try {
      const rows: { id: string }[] = await em.query(
        `INSERT INTO identity.users (account_id, role, email, first_name, last_name, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [user.accountId, user.role, user.email, user.firstName, user.lastName, user.passwordHash],
      );
      return rows[0].id;
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_lower_key')) throw emailTaken();
      throw err;
    }
  }

  /** Login lookup: the only query not scoped by account, since the account is what it finds. */
  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const rows: UserRecord[] = await this.ds.query(
      `SELECT ${USER_COLUMNS} FROM identity.users u JOIN identity.accounts a ON a.id = u.account_id
       WHERE lower(u.email) = lower($1)`,
      [email],
    );
    return rows[0];
  }

  async findById(
    accountId: string,
    userId: string,
    em: EntityManager = this.ds.manager,
  ): Promise<UserRecord | undefined> {
    const rows: UserRecord[] = await em.query(
      `SELECT ${USER_COLUMNS} FROM identity.users u JOIN identity.accounts a ON a.id = u.account_id
       WHERE u.id = $1 AND u.account_id = $2`,
      [userId, accountId],
    );
    return rows[0];
  }

  async updateContact(
    accountId: string,
    userId: string,
    c: { firstName: string; lastName: string; email: string; phone: string },
    em: EntityManager,
  ): Promise<void> {
    try {
      await em.query(
        `UPDATE identity.users SET first_name = $3, last_name = $4, email = $5, phone = $6, updated_at = now()
         WHERE id = $1 AND account_id = $2`,
        [userId, accountId, c.firstName, c.lastName, c.email, c.phone],
      );
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_lower_key')) throw emailTaken();
      throw err;
    }
  }

  async updatePasswordHash(accountId: string, userId: string, hash: string, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE identity.users SET password_hash = $3, updated_at = now() WHERE id = $1 AND account_id = $2`,
      [userId, accountId, hash],
    );
  }
}
