import { defineSubjects } from '../common/subjects';

/** Core-NATS broadcasts of identity (no reply, every gateway receives them); bare, see subjects.ts. */
export const IdentitySubjects = defineSubjects('identity', {
  /** Sessions revoked by a deactivation: RevokedSessionsList. */
  sessionsRevoked: 'session.revoked.v1',
  /** ApiKeysRevoked. */
  apiKeysRevoked: 'apikey.revoked.v1',
});
