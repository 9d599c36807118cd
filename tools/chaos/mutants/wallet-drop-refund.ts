// Mutant `wallet-drop-refund` (preloaded into the wallet by `--mutant wallet-drop-refund`): every
// tenth distinct refund is answered as applied (same result shape) but never written: no ledger
// transfer, the reservation's refunded counters unchanged. Retries of a dropped refund are dropped
// too, so the loss sticks while this process lives. Both ways in are patched: one refund
// (`refund`) and the batch messaging's settlement worker sends (`refundBatch`, one transaction for
// many: it does not go through `refund`; a mutant of `refund` alone was never hit).
import * as path from 'node:path';
import { DIST } from '../../runtime/paths';

/** The wallet's refund command and answers, as far as this mutant reads them (libs/contracts). */
interface RefundCommand {
  refundId: string;
  credits: number;
}
interface RefundResult {
  refundId: string;
  credits: number;
  balanceAfter: number;
}
interface BatchResult {
  refunded: RefundResult[];
  refused: unknown[];
}
interface ReservationServiceClass {
  prototype: {
    refund(this: unknown, cmd: RefundCommand): Promise<RefundResult>;
    refundBatch(this: unknown, cmd: { refunds: RefundCommand[] }): Promise<BatchResult>;
  };
}

const file = path.join(DIST, 'apps', 'wallet', 'src/reservations/reservation.service.js');
const { ReservationService } = require(file) as { ReservationService: ReservationServiceClass };
const refund = ReservationService.prototype.refund;
const refundBatch = ReservationService.prototype.refundBatch;
const seen = new Set<string>();
const dropped = new Set<string>();

/** True when this refund is (or was chosen to be) one of the dropped. */
function drops(cmd: RefundCommand): boolean {
  if (!seen.has(cmd.refundId)) {
    seen.add(cmd.refundId);
    if (seen.size % 10 === 0) dropped.add(cmd.refundId);
  }
  return dropped.has(cmd.refundId);
}

const fakeResult = (cmd: RefundCommand): RefundResult => ({
  refundId: cmd.refundId,
  credits: cmd.credits,
  balanceAfter: 0,
});

ReservationService.prototype.refund = function mutantRefund(this: unknown, cmd: RefundCommand): Promise<RefundResult> {
  if (drops(cmd)) return Promise.resolve(fakeResult(cmd));
  return refund.call(this, cmd);
};

ReservationService.prototype.refundBatch = async function mutantRefundBatch(
  this: unknown,
  cmd: { refunds: RefundCommand[] },
): Promise<BatchResult> {
  const kept = cmd.refunds.filter((r) => !drops(r));
  const faked = cmd.refunds.filter((r) => dropped.has(r.refundId));
  const res = kept.length ? await refundBatch.call(this, { ...cmd, refunds: kept }) : { refunded: [], refused: [] };
  return { refunded: [...res.refunded, ...faked.map(fakeResult)], refused: res.refused };
};
process.stdout.write(`${JSON.stringify({ level: 'warn', msg: 'MUTANT wallet-drop-refund loaded' })}\n`);
