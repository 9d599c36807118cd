import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateManagerCommand,
  DeleteManagerCommand,
  DeleteManagerResult,
  IdentityRpc,
  ManagerResult,
  RevokedSessionsList,
  SetManagerActiveCommand,
  UpdateManagerCommand,
} from '@sms/contracts';
import { ManagersService } from './managers.service';

@Controller()
export class ManagersMessageController {
  constructor(private readonly managers: ManagersService) {}

  @Handles(IdentityRpc.createManager)
  create(@Payload() cmd: CreateManagerCommand): Promise<ManagerResult> {
    return this.managers.create(cmd);
  }

  @Handles(IdentityRpc.updateManager)
  update(@Payload() cmd: UpdateManagerCommand): Promise<ManagerResult> {
    return this.managers.update(cmd);
  }

  @Handles(IdentityRpc.setManagerActive)
  setActive(@Payload() cmd: SetManagerActiveCommand): Promise<ManagerResult> {
    return this.managers.setActive(cmd);
  }

  @Handles(IdentityRpc.deleteManager)
  delete(@Payload() cmd: DeleteManagerCommand): Promise<DeleteManagerResult> {
    return this.managers.delete(cmd);
  }

  @Handles(IdentityRpc.listRevokedSessions)
  revokedSessions(): Promise<RevokedSessionsList> {
    return this.managers.revokedSessions();
  }
}
