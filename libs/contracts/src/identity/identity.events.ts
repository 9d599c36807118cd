/** Event types identity publishes on JetStream (through its outbox). */
export const IdentityEvents = {
  managerContactChanged: 'identity.manager.contact.changed.v1',
} as const;

/**
 * A sub-account manager's name or e-mail as identity now holds them (full state, not a diff).
 * `accountId` is the sub-account; consumers keep the newest by `changedAt` (events may reorder).
 */
export interface ManagerContactChangedData {
  accountId: string;
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  changedAt: string;
}
