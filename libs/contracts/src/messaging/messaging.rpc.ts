import { rpc, type } from '../common/rpc';
import {
  CampaignCommand,
  CampaignPage,
  CampaignView,
  ListCampaignsCommand,
  SetSendingActiveCommand,
  SetSendingActiveResult,
} from './campaign.payloads';
import {
  InboxPage,
  ListInboxCommand,
  ListOptOutsCommand,
  OptOutCommand,
  OptOutPage,
  OptOutView,
} from './inbound.payloads';
import { SendSmsCommand, SendSmsResult, SendSystemSmsCommand, SystemSmsResult } from './sms.payloads';

/** Request/reply operations of the messaging service. */
export const MessagingRpc = {
  /** A customer's SMS or campaign: reserved, stored and dispatched (POST /sms). */
  send: rpc('messaging', 'sms.send.v1', SendSmsCommand, type<SendSmsResult>()),
  /**
   * A platform SMS (balance alerts, verification codes): free, no reservation, not in the
   * customer's history. Idempotent by `id`. See apps/messaging/README.md.
   */
  sendSystem: rpc('messaging', 'system-sms.send.v1', SendSystemSmsCommand, type<SystemSmsResult>()),
  /** GET /campaigns (keyset page) and GET /campaigns/{id}. */
  listCampaigns: rpc('messaging', 'campaigns.list.v1', ListCampaignsCommand, type<CampaignPage>()),
  getCampaign: rpc('messaging', 'campaigns.get.v1', CampaignCommand, type<CampaignView>()),
  /** DELETE /campaigns/{id}: cancels a campaign not yet sending. */
  cancelCampaign: rpc('messaging', 'campaigns.cancel.v1', CampaignCommand, type<{ cancelled: true }>()),
  /** From the wallet on (de)activation: a deactivated account's queued messages are cancelled. */
  setSendingActive: rpc(
    'messaging',
    'account.sending-active.set.v1',
    SetSendingActiveCommand,
    type<SetSendingActiveResult>(),
  ),
  /** GET /inbox: replies routed to the account (keyset page). */
  listInbox: rpc('messaging', 'inbox.list.v1', ListInboxCommand, type<InboxPage>()),
  /** GET/POST/DELETE /account/opt-outs: numbers that sent STOP or were added by hand. */
  listOptOuts: rpc('messaging', 'opt-outs.list.v1', ListOptOutsCommand, type<OptOutPage>()),
  addOptOut: rpc('messaging', 'opt-outs.add.v1', OptOutCommand, type<OptOutView>()),
  /** Answers `{removed}`: an empty reply would read as no answer on NATS. */
  removeOptOut: rpc('messaging', 'opt-outs.remove.v1', OptOutCommand, type<{ removed: boolean }>()),
};
