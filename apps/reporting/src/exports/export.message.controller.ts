import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExportAccepted, ExportReceiptsCommand, ReportingSubjects } from '@sms/contracts';
import { ReceiptsExportService } from './receipts-export.service';

@Controller()
export class ExportMessageController {
  constructor(private readonly exports: ReceiptsExportService) {}

  @MessagePattern(ReportingSubjects.exportReceipts)
  start(@Payload() cmd: ExportReceiptsCommand): Promise<ExportAccepted> {
    return this.exports.start(cmd);
  }
}
