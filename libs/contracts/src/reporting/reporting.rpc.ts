import { ActorEnvelope } from '../common/actor';
import { rpc, type } from '../common/rpc';
import { AuditLogCommand, AuditLogPage, AuditVerifyResult } from './audit.payloads';
import { ExportAccepted, ExportReceiptsCommand } from './export.payloads';
import { HistoryCommand, HistoryPage } from './history.payloads';
import { SummaryCommand, SummaryWorkbook, UsageSummary } from './summary.payloads';

/** Request/reply operations of the reporting service. */
export const ReportingRpc = {
  /** One page of an account's message history (GET /history, /sub-accounts/{id}/history). */
  history: rpc('reporting', 'history.list.v1', HistoryCommand, type<HistoryPage>()),
  /**
   * Starts a delivery-receipts export: the reply says yes or no (a Problem), then the workbook
   * travels as chunks to `streamSubject` with credit-based flow control (see export.payloads.ts).
   */
  exportReceipts: rpc('reporting', 'receipts.export.v1', ExportReceiptsCommand, type<ExportAccepted>()),
  /** Usage summary from the rollups (GET /reports/summary). */
  summary: rpc('reporting', 'reports.summary.v1', SummaryCommand, type<UsageSummary>()),
  /** The same as a workbook (GET /reports/summary.xlsx). */
  summaryXlsx: rpc('reporting', 'reports.summary.xlsx.v1', SummaryCommand, type<SummaryWorkbook>()),
  /** One page of the audit log (GET /audit-log). */
  auditLog: rpc('reporting', 'audit.list.v1', AuditLogCommand, type<AuditLogPage>()),
  /** Walks the account's hash chain (GET /audit-log/verify). */
  auditVerify: rpc('reporting', 'audit.verify.v1', ActorEnvelope, type<AuditVerifyResult>()),
};
