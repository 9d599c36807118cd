import { IsUUID } from 'class-validator';
import { Language } from './profile.payloads';

/**
 * Service-to-service only (never exposed by the gateway): what a platform message to an
 * account needs to address it — its display name and language.
 */
export class GetAccountSummaryQuery {
  @IsUUID()
  accountId: string;
}

export class AccountSummary {
  accountId: string;
  /** Set for a sub-account: the owner account above it. */
  parentAccountId: string | null;
  /** Company name, else the first user's full name. */
  name: string;
  /** The parent account's name, for a sub-account. */
  parentName: string | null;
  language: Language;
  /** Login e-mail of the account's first user (owner or sub-account manager). */
  email: string;
}
