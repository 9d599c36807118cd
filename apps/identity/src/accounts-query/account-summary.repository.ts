import { Inject, Injectable } from '@nestjs/common';
import { AccountSummary, Language, NotFoundError } from '@sms/contracts';
import { DataSource } from 'typeorm';

interface SummaryRow {
  accountId: string;
  parentAccountId: string | null;
  company: string | null;
  userName: string | null;
  email: string | null;
  language: Language;
  parentCompany: string | null;
  parentUserName: string | null;
}

/** Read-only view of an account for platform messages (alerts…); keyed by the account id. */
@Injectable()
export class AccountSummaryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async get(accountId: string): Promise<AccountSummary> {
    // The account's first user is its owner (or, for a sub-account, its manager).
    const rows: SummaryRow[] = await this.ds.query(
      `SELECT a.id AS "accountId", a.parent_account_id AS "parentAccountId", a.company, a.language,
              u.first_name || ' ' || u.last_name AS "userName", u.email,
              p.company AS "parentCompany", pu.first_name || ' ' || pu.last_name AS "parentUserName"
       FROM identity.accounts a
       LEFT JOIN LATERAL (SELECT first_name, last_name, email FROM identity.users
                          WHERE account_id = a.id ORDER BY created_at, id LIMIT 1) u ON true
       LEFT JOIN identity.accounts p ON p.id = a.parent_account_id
       LEFT JOIN LATERAL (SELECT first_name, last_name FROM identity.users
                          WHERE account_id = p.id ORDER BY created_at, id LIMIT 1) pu ON true
       WHERE a.id = $1`,
      [accountId],
    );
    const row = rows[0];
    if (!row) throw new NotFoundError('Account');
    const parentName = row.parentAccountId ? (row.parentCompany ?? row.parentUserName ?? null) : null;
    return {
      accountId: row.accountId,
      parentAccountId: row.parentAccountId,
      name: row.company ?? row.userName ?? row.accountId,
      parentName,
      language: row.language,
      email: row.email ?? '',
    };
  }
}
