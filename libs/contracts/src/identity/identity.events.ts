import { IsISO8601, IsString, IsUUID } from 'class-validator';
import { event } from '../common/event';

/**
 * A sub-account manager's name or e-mail as identity now holds them (full state, not a diff).
 * `accountId` is the sub-account; consumers keep the newest by `changedAt` (events may reorder).
 */
export class ManagerContactChangedEvent {
  @IsUUID() accountId: string;
  @IsUUID() userId: string;
  @IsString() firstName: string;
  @IsString() lastName: string;
  @IsString() email: string;
  @IsISO8601() changedAt: string;
}
export type ManagerContactChangedData = ManagerContactChangedEvent;

/** Events identity publishes on JetStream (through its outbox). */
export const IdentityEvents = {
  managerContactChanged: event('identity', 'manager.contact.changed.v1', ManagerContactChangedEvent),
};
