import { defineSubjects } from '../common/subjects';

export const MessagingSubjects = defineSubjects('messaging', {
  /** A customer's SMS or campaign: reserved, stored and dispatched (POST /sms). */
  send: 'sms.send.v1',
  /**
   * A platform SMS (balance alerts, verification codes): free, no reservation, not in the
   * customer's history. Idempotent by `id`. See apps/messaging/README.md.
   */
  sendSystem: 'system-sms.send.v1',
  /** GET /campaigns (keyset page) and GET /campaigns/{id}. */
  listCampaigns: 'campaigns.list.v1',
  getCampaign: 'campaigns.get.v1',
  /** DELETE /campaigns/{id}: cancels a campaign not yet sending. */
  cancelCampaign: 'campaigns.cancel.v1',
  /** From the wallet on (de)activation: a deactivated account's queued messages are cancelled. */
  setSendingActive: 'account.sending-active.set.v1',
  /** GET /inbox: replies routed to the account (keyset page). */
  listInbox: 'inbox.list.v1',
  /** GET/POST/DELETE /account/opt-outs: numbers that sent STOP or were added by hand. */
  listOptOuts: 'opt-outs.list.v1',
  addOptOut: 'opt-outs.add.v1',
  removeOptOut: 'opt-outs.remove.v1',
});
