import { BusinessRuleError, ConflictError } from '@sms/contracts';

export class CampaignSendingStartedError extends ConflictError {
  constructor() {
    super('campaign-sending-started', 'The campaign has started sending; it can no longer be cancelled.');
  }
}

/** Same code as the wallet's refusal, so a client sees one answer whichever side refused. */
export class AccountBlockedError extends BusinessRuleError {
  constructor() {
    super('sub-account-inactive', 'The sub-account is deactivated.');
  }
}
