import { Injectable } from '@nestjs/common';
import { IdentityEvents, ManagerContactChangedData } from '@sms/contracts';
import { Emit } from '@sms/events';
import { EntityManager } from 'typeorm';
import { ManagerContactRepository } from './manager-contact.repository';

/**
 * Tells the wallet (which keeps a copy for the owner's sub-account list) what a manager's name
 * and e-mail now are. Called in the transaction that changed them, after the UPDATE: the row lock
 * orders concurrent changes, and `clock_timestamp()` taken under it orders their events.
 */
@Injectable()
export class ManagerContactEvents {
  private readonly repo = new ManagerContactRepository();
  async emitChanged(em: EntityManager, emit: Emit, subAccountId: string, userId: string): Promise<void> {
    const rows: ManagerContactChangedData[] = await this.repo.contactOf(em, userId, subAccountId);
    if (rows[0]) await emit(IdentityEvents.managerContactChanged, rows[0], { accountId: subAccountId });
  }
}
