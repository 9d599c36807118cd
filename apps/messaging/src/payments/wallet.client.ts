import { Injectable } from '@nestjs/common';
import {
  RefundReservationCommand,
  RefundReservationsResult,
  RefundResult,
  ReservationResult,
  ReserveCreditsCommand,
  SettleReservationsResult,
  SettleResult,
  WalletRpc,
} from '@sms/contracts';
import { RpcClient } from '@sms/nats';

/** The wallet's reservation interface, as messaging uses it. Every call is idempotent by its id. */
@Injectable()
export class WalletClient {
  constructor(private readonly rpc: RpcClient) {}

  /** Throws RemoteProblemError (422 `insufficient-credits` when the balance is short). */
  reserve(cmd: ReserveCreditsCommand): Promise<ReservationResult> {
    return this.rpc.send(WalletRpc.reserve, cmd);
  }

  settle(reservationId: string): Promise<SettleResult> {
    return this.rpc.send(WalletRpc.settle, { reservationId });
  }

  /** Many settles in one wallet transaction (at most SETTLE_BATCH_MAX ids). */
  settleBatch(reservationIds: string[]): Promise<SettleReservationsResult> {
    return this.rpc.send(WalletRpc.settleBatch, { reservationIds });
  }

  refund(cmd: RefundReservationCommand): Promise<RefundResult> {
    return this.rpc.send(WalletRpc.refund, cmd);
  }

  /** Many refunds in one wallet transaction (at most REFUND_BATCH_MAX); each answered or refused alone. */
  refundBatch(refunds: RefundReservationCommand[]): Promise<RefundReservationsResult> {
    return this.rpc.send(WalletRpc.refundBatch, { refunds });
  }
}
