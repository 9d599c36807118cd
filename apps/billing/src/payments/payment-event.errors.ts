import { DomainError } from '@sms/contracts';

export class PaymentSignatureError extends DomainError {
  readonly status = 401;
  constructor(reason: string) {
    super('payment-signature-invalid', `Payment event refused: ${reason}.`);
  }
}

export class PaymentEventInvalidError extends DomainError {
  readonly status = 400;
  constructor(reason: string) {
    super('payment-event-invalid', `Payment event refused: ${reason}.`);
  }
}

export class PaymentMismatchError extends DomainError {
  readonly status = 422;
  constructor(reason: string) {
    super('payment-mismatch', `Payment event refused: ${reason}; nothing was changed.`);
  }
}

/** PAYMENTS=simulated: there is no provider, so no webhook. */
export class PaymentsSimulatedError extends DomainError {
  readonly status = 404;
  constructor() {
    super('payments-simulated', 'Payments are simulated here (PAYMENTS=simulated): there is no provider webhook.');
  }
}

/** PAYMENTS=provider: an owner cannot mark its invoice paid; the provider's webhook does. */
export class PaymentsByProviderError extends DomainError {
  readonly status = 403;
  constructor() {
    super(
      'payments-by-provider',
      'Invoices are paid through the payment provider; this endpoint is for simulated payments only.',
    );
  }
}
