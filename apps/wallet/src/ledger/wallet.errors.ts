import { BusinessRuleError, ConflictError, ForbiddenError } from '@sms/contracts';

export class InsufficientCreditsError extends BusinessRuleError {
  constructor(message = 'The balance does not hold enough credits.') {
    super('insufficient-credits', message);
  }
}

export class SubAccountInactiveError extends BusinessRuleError {
  constructor() {
    super('sub-account-inactive', 'The sub-account is deactivated.');
  }
}

export class SubAccountUnlimitedError extends BusinessRuleError {
  constructor() {
    super(
      'sub-account-unlimited',
      'An unlimited sub-account spends its parent’s balance and holds no credits of its own.',
    );
  }
}

export class ReservationExpiredError extends BusinessRuleError {
  constructor() {
    super('reservation-expired', 'The reservation request arrived after its deadline; nothing was reserved.');
  }
}

export class RefundExceedsReservationError extends BusinessRuleError {
  constructor() {
    super('refund-exceeds-reservation', 'The refund is larger than what is left of the reservation.');
  }
}

/** The same transfer id (idempotency key) came back with other content. */
export class TransferIdConflictError extends ConflictError {
  constructor(id: string) {
    super('transfer-id-conflict', `Id ${id} was already used for a different operation.`);
  }
}

export class OwnerOnlyError extends ForbiddenError {
  constructor() {
    super('Only the account owner can do this.', 'owner-only');
  }
}
