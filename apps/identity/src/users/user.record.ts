import { Language, Role } from '@sms/contracts';

export interface UserRecord {
  id: string;
  accountId: string;
  parentAccountId: string | null;
  role: Role;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  passwordHash: string;
  active: boolean;
  language: Language;
}

export const USER_COLUMNS = `u.id, u.account_id AS "accountId", a.parent_account_id AS "parentAccountId", u.role, u.email,
  u.first_name AS "firstName", u.last_name AS "lastName", u.phone, u.password_hash AS "passwordHash", u.active,
  a.language`;
