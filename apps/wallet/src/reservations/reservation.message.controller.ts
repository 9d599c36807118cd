import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  RefundReservationCommand,
  RefundResult,
  ReservationResult,
  ReserveCreditsCommand,
  SettleReservationCommand,
  SettleReservationsCommand,
  SettleReservationsResult,
  SettleResult,
  WalletSubjects,
} from '@sms/contracts';
import { ReservationService } from './reservation.service';

@Controller()
export class ReservationMessageController {
  constructor(private readonly reservations: ReservationService) {}

  @MessagePattern(WalletSubjects.reserve)
  reserve(@Payload() cmd: ReserveCreditsCommand): Promise<ReservationResult> {
    return this.reservations.reserve(cmd);
  }

  @MessagePattern(WalletSubjects.settle)
  settle(@Payload() cmd: SettleReservationCommand): Promise<SettleResult> {
    return this.reservations.settle(cmd);
  }

  @MessagePattern(WalletSubjects.settleBatch)
  settleBatch(@Payload() cmd: SettleReservationsCommand): Promise<SettleReservationsResult> {
    return this.reservations.settleBatch(cmd);
  }

  @MessagePattern(WalletSubjects.refund)
  refund(@Payload() cmd: RefundReservationCommand): Promise<RefundResult> {
    return this.reservations.refund(cmd);
  }
}
