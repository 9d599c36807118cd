import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ActorEnvelope, AuditLogCommand, AuditLogPage, AuditVerifyResult, ReportingSubjects } from '@sms/contracts';
import { AuditLogService } from './audit-log.service';

@Controller()
export class AuditMessageController {
  constructor(private readonly audit: AuditLogService) {}

  @MessagePattern(ReportingSubjects.auditLog)
  list(@Payload() cmd: AuditLogCommand): Promise<AuditLogPage> {
    return this.audit.list(cmd);
  }

  @MessagePattern(ReportingSubjects.auditVerify)
  verify(@Payload() cmd: ActorEnvelope): Promise<AuditVerifyResult> {
    return this.audit.verify(cmd.actor);
  }
}
