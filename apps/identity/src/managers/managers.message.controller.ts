import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateManagerCommand,
  DeleteManagerCommand,
  DeleteManagerResult,
  IdentitySubjects,
  ManagerResult,
  RevokedSessionsList,
  SetManagerActiveCommand,
  UpdateManagerCommand,
} from '@sms/contracts';
import { ManagersService } from './managers.service';

@Controller()
export class ManagersMessageController {
  constructor(private readonly managers: ManagersService) {}

  @MessagePattern(IdentitySubjects.createManager)
  create(@Payload() cmd: CreateManagerCommand): Promise<ManagerResult> {
    return this.managers.create(cmd);
  }

  @MessagePattern(IdentitySubjects.updateManager)
  update(@Payload() cmd: UpdateManagerCommand): Promise<ManagerResult> {
    return this.managers.update(cmd);
  }

  @MessagePattern(IdentitySubjects.setManagerActive)
  setActive(@Payload() cmd: SetManagerActiveCommand): Promise<ManagerResult> {
    return this.managers.setActive(cmd);
  }

  @MessagePattern(IdentitySubjects.deleteManager)
  delete(@Payload() cmd: DeleteManagerCommand): Promise<DeleteManagerResult> {
    return this.managers.delete(cmd);
  }

  @MessagePattern(IdentitySubjects.listRevokedSessions)
  revokedSessions(): Promise<RevokedSessionsList> {
    return this.managers.revokedSessions();
  }
}
