import { Inject, Injectable } from '@nestjs/common';
import { BillingDetails, BillingDetailsView, Language, NotFoundError } from '@sms/contracts';
import { returning } from '@sms/database';
import { DataSource, EntityManager } from 'typeorm';

const BILLING_COLUMNS = `company, billing_first_name AS "firstName", billing_last_name AS "lastName",
  billing_address AS "address", billing_postal_code AS "postalCode", billing_city AS "city",
  billing_country AS "country", billing_vat_number AS "vatNumber"`;

/** Accounts: billing details, default sender, language. Every method takes the account id. */
@Injectable()
export class AccountRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async insertOwnerAccount(company: string | null, em: EntityManager): Promise<string> {
    const rows: { id: string }[] = await em.query(`INSERT INTO identity.accounts (company) VALUES ($1) RETURNING id`, [
      company,
    ]);
    return rows[0].id;
  }

  async getBilling(accountId: string): Promise<BillingDetailsView> {
    const rows: BillingDetailsView[] = await this.ds.query(
      `SELECT ${BILLING_COLUMNS} FROM identity.accounts WHERE id = $1`,
      [accountId],
    );
    if (!rows[0]) throw new NotFoundError('Account');
    return rows[0];
  }

  async updateBilling(accountId: string, b: BillingDetails): Promise<BillingDetailsView> {
    const rows = returning<BillingDetailsView>(
      await this.ds.query(
        `UPDATE identity.accounts SET company = $2, billing_first_name = $3, billing_last_name = $4,
         billing_address = $5, billing_postal_code = $6, billing_city = $7, billing_country = $8,
         billing_vat_number = $9, updated_at = now()
       WHERE id = $1 RETURNING ${BILLING_COLUMNS}`,
        [
          accountId,
          b.company,
          b.firstName,
          b.lastName,
          b.address,
          b.postalCode,
          b.city,
          b.country.toUpperCase(),
          b.vatNumber ?? null,
        ],
      ),
    );
    if (!rows[0]) throw new NotFoundError('Account');
    return rows[0];
  }

  /** The account's own default sender, its parent's (null for an owner account or none set) and the parent's id. */
  async getSenders(accountId: string): Promise<{ own: string | null; parent: string | null; parentId: string | null }> {
    const rows: { own: string | null; parent: string | null; parentId: string | null }[] = await this.ds.query(
      `SELECT a.default_sender AS own, p.default_sender AS parent, a.parent_account_id AS "parentId"
         FROM identity.accounts a LEFT JOIN identity.accounts p ON p.id = a.parent_account_id
        WHERE a.id = $1`,
      [accountId],
    );
    if (!rows[0]) throw new NotFoundError('Account');
    return rows[0];
  }

  async updateSender(accountId: string, sender: string | null): Promise<void> {
    await this.ds.query(`UPDATE identity.accounts SET default_sender = $2, updated_at = now() WHERE id = $1`, [
      accountId,
      sender,
    ]);
  }

  /** Whether `subAccountId` is a sub-account of `ownerAccountId`. */
  async isSubAccountOf(ownerAccountId: string, subAccountId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM identity.accounts WHERE id = $1 AND parent_account_id = $2`,
      [subAccountId, ownerAccountId],
    );
    return rows.length > 0;
  }

  /** Whether `sender` is the default sender of this account. */
  async isDefaultSender(accountId: string, sender: string, em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM identity.accounts WHERE id = $1 AND default_sender = $2 FOR UPDATE`,
      [accountId, sender],
    );
    return rows.length > 0;
  }

  async language(accountId: string): Promise<Language> {
    const rows: { language: Language }[] = await this.ds.query(`SELECT language FROM identity.accounts WHERE id = $1`, [
      accountId,
    ]);
    return rows[0]?.language ?? 'it';
  }

  async updateLanguage(accountId: string, language: Language, em: EntityManager): Promise<void> {
    await em.query(`UPDATE identity.accounts SET language = $2, updated_at = now() WHERE id = $1`, [
      accountId,
      language,
    ]);
  }
}
