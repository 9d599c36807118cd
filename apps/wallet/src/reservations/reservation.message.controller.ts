import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RefundReservationCommand,
  RefundReservationsCommand,
  RefundReservationsResult,
  RefundResult,
  ReservationResult,
  ReserveCreditsCommand,
  SettleReservationCommand,
  SettleReservationsCommand,
  SettleReservationsResult,
  SettleResult,
  WalletRpc,
} from '@sms/contracts';
import { ReservationService } from './reservation.service';

@Controller()
export class ReservationMessageController {
  constructor(private readonly reservations: ReservationService) {}

  @Handles(WalletRpc.reserve)
  reserve(@Payload() cmd: ReserveCreditsCommand): Promise<ReservationResult> {
    return this.reservations.reserve(cmd);
  }

  @Handles(WalletRpc.settle)
  settle(@Payload() cmd: SettleReservationCommand): Promise<SettleResult> {
    return this.reservations.settle(cmd);
  }

  @Handles(WalletRpc.settleBatch)
  settleBatch(@Payload() cmd: SettleReservationsCommand): Promise<SettleReservationsResult> {
    return this.reservations.settleBatch(cmd);
  }

  @Handles(WalletRpc.refundBatch)
  refundBatch(@Payload() cmd: RefundReservationsCommand): Promise<RefundReservationsResult> {
    return this.reservations.refundBatch(cmd);
  }

  @Handles(WalletRpc.refund)
  refund(@Payload() cmd: RefundReservationCommand): Promise<RefundResult> {
    return this.reservations.refund(cmd);
  }
}
