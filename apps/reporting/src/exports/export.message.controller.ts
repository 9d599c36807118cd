import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ExportAccepted, ExportReceiptsCommand, ReportingRpc } from '@sms/contracts';
import { ReceiptsExportService } from './receipts-export.service';

@Controller()
export class ExportMessageController {
  constructor(private readonly exports: ReceiptsExportService) {}

  @Handles(ReportingRpc.exportReceipts)
  start(@Payload() cmd: ExportReceiptsCommand): Promise<ExportAccepted> {
    return this.exports.start(cmd);
  }
}
