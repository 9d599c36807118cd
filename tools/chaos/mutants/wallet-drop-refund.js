// Mutant `wallet-drop-refund` (preloaded into the wallet by `--mutant wallet-drop-refund`): every
// tenth distinct refund is answered as applied (same result shape) but never written: no ledger
// transfer, the reservation's refunded counters unchanged. Retries of a dropped refund are dropped
// too, so the loss sticks while this process lives.
'use strict';
const path = require('path');

const file = path.join(require('../../runtime/paths').DIST, 'apps/wallet/src/reservations/reservation.service.js');
const { ReservationService } = require(file);
const refund = ReservationService.prototype.refund;
const seen = new Set();
const dropped = new Set();

ReservationService.prototype.refund = function mutantRefund(cmd) {
  if (!seen.has(cmd.refundId)) {
    seen.add(cmd.refundId);
    if (seen.size % 10 === 0) dropped.add(cmd.refundId);
  }
  if (dropped.has(cmd.refundId)) {
    return Promise.resolve({ refundId: cmd.refundId, credits: cmd.credits, balanceAfter: 0 });
  }
  return refund.call(this, cmd);
};
process.stdout.write(`${JSON.stringify({ level: 'warn', msg: 'MUTANT wallet-drop-refund loaded' })}\n`);
