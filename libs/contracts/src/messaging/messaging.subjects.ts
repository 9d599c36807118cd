import { defineSubjects } from '../common/subjects';

export const MessagingSubjects = defineSubjects('messaging', {
  /** A customer's SMS or campaign: reserved, stored and dispatched (POST /sms). */
  send: 'sms.send.v1',
  /**
   * A platform SMS (balance alerts, verification codes): free, no reservation, not in the
   * customer's history. Idempotent by `id`. See apps/messaging/README.md.
   */
  sendSystem: 'system-sms.send.v1',
});
