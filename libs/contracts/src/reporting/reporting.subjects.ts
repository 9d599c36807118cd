import { defineSubjects } from '../common/subjects';

export const ReportingSubjects = defineSubjects('reporting', {
  /** One page of an account's message history (GET /history, /sub-accounts/{id}/history). */
  history: 'history.list.v1',
  /**
   * Starts a delivery-receipts export: the reply says yes or no (a Problem), then the workbook
   * travels as chunks to `streamSubject` with credit-based flow control (see export.payloads.ts).
   */
  exportReceipts: 'receipts.export.v1',
  /** Usage summary from the rollups (GET /reports/summary): SummaryCommand → UsageSummary. */
  summary: 'reports.summary.v1',
  /** The same as a workbook (GET /reports/summary.xlsx): SummaryCommand → SummaryWorkbook. */
  summaryXlsx: 'reports.summary.xlsx.v1',
  /** One page of the audit log (GET /audit-log): AuditLogCommand → AuditLogPage. */
  auditLog: 'audit.list.v1',
  /** Walks the account's hash chain (GET /audit-log/verify): ActorEnvelope → AuditVerifyResult. */
  auditVerify: 'audit.verify.v1',
});
