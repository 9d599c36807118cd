import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ActorEnvelope, AuditLogCommand, AuditLogPage, AuditVerifyResult, ReportingRpc } from '@sms/contracts';
import { AuditLogService } from './audit-log.service';

@Controller()
export class AuditMessageController {
  constructor(private readonly audit: AuditLogService) {}

  @Handles(ReportingRpc.auditLog)
  list(@Payload() cmd: AuditLogCommand): Promise<AuditLogPage> {
    return this.audit.list(cmd);
  }

  @Handles(ReportingRpc.auditVerify)
  verify(@Payload() cmd: ActorEnvelope): Promise<AuditVerifyResult> {
    return this.audit.verify(cmd.actor);
  }
}
