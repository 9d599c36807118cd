import {
  AuditEvents,
  BillingEvents,
  IdentityEvents,
  IdentityRpc,
  IdentitySubjects,
  MessagingEvents,
  MessagingRpc,
  NotificationsRpc,
  SERVICE_NAMES,
  ServiceName,
  WalletEvents,
  WalletRpc,
} from '@sms/contracts';

/**
 * Who may say what on NATS: the one allow-list of the system (README table). Everything else
 * is derived from the service names of the contracts:
 * - a service answers its own domain (`<service>.>`, its RPC subjects and broadcasts) and
 *   publishes events of its own domain only (`evt.<service>.>`);
 * - the gateway calls every service's public API (`<service>.>`) except the internal subjects
 *   below, and publishes `evt.gateway.>` (audit);
 * - a service calls another service only on the subjects listed for it in SERVICE_CALLS;
 * - a service parks an event it can never apply on its dead-letter subject (`dlq.evt.<type>`, see
 *   libs/events), for the event types it consumes only (SERVICE_CONSUMES).
 * A new public subject needs no edit here; a new internal one is one line in SERVICE_CALLS.
 */
export const NATS_USERS = ['gateway', ...SERVICE_NAMES] as const;
export type NatsUser = (typeof NATS_USERS)[number];

/**
 * Service-to-service calls: caller → the other services' subjects it requests. These are
 * authorized by the caller's NATS identity (its permissions), not by an actor assertion.
 */
export const SERVICE_CALLS: Record<ServiceName, readonly string[]> = {
  identity: [NotificationsRpc.sendPasswordResetEmail.subject, MessagingRpc.sendSystem.subject],
  wallet: [
    IdentityRpc.createManager.subject,
    IdentityRpc.updateManager.subject,
    IdentityRpc.setManagerActive.subject,
    IdentityRpc.deleteManager.subject,
    MessagingRpc.setSendingActive.subject,
  ],
  messaging: [
    IdentityRpc.resolveSender.subject,
    WalletRpc.getSubAccount.subject,
    WalletRpc.reserve.subject,
    WalletRpc.settle.subject,
    WalletRpc.settleBatch.subject,
    WalletRpc.refund.subject,
    WalletRpc.refundBatch.subject,
  ],
  reporting: [WalletRpc.getSubAccount.subject, IdentityRpc.getAccountSummary.subject],
  billing: [IdentityRpc.getBilling.subject, IdentityRpc.getContact.subject],
  notifications: [WalletRpc.getBalance.subject, MessagingRpc.sendSystem.subject, IdentityRpc.getAccountSummary.subject],
};

/**
 * The event types each service consumes (libs/events consumers; a wildcard type as the consumer's
 * `filterType` says it): it may publish their dead letters, `dlq.evt.<type>`, and no other. Checked
 * against the code (subject-permissions.spec.ts).
 */
export const SERVICE_CONSUMES: Record<ServiceName, readonly string[]> = {
  identity: [],
  wallet: [
    BillingEvents.invoicePaid.type,
    MessagingEvents.messageStatusChanged.type,
    MessagingEvents.messageStatusesChanged.type,
    IdentityEvents.managerContactChanged.type,
  ],
  messaging: [],
  reporting: ['messaging.message.>', AuditEvents.recorded.type],
  billing: [],
  notifications: [
    WalletEvents.balanceChanged.type,
    MessagingEvents.messageStatusChanged.type,
    MessagingEvents.messageStatusesChanged.type,
    MessagingEvents.inboundReceived.type,
    BillingEvents.invoicePaid.type,
    AuditEvents.recorded.type,
  ],
};

/** The dead-letter subject (bare) of an event type or wildcard type, as libs/events' deadLetterSubject builds it. */
export function deadLetterOf(type: string): string {
  return `dlq.evt.${type}`;
}

/** Operators' subjects: no app may call them, only the `harness` user (tests, benchmarks, chaos checks). */
export const OPERATOR_SUBJECTS: readonly string[] = [WalletRpc.verify.subject];

/**
 * Subjects only services (or operators) call: the gateway (the public API's caller) may not
 * publish them, so a compromised gateway connection cannot reserve credits, send free system SMS
 * or drive managers.
 */
export const INTERNAL_ONLY_SUBJECTS: readonly string[] = [
  ...OPERATOR_SUBJECTS,
  WalletRpc.reserve.subject,
  WalletRpc.settle.subject,
  WalletRpc.settleBatch.subject,
  WalletRpc.refund.subject,
  WalletRpc.refundBatch.subject,
  MessagingRpc.sendSystem.subject,
  MessagingRpc.setSendingActive.subject,
  IdentityRpc.createManager.subject,
  IdentityRpc.updateManager.subject,
  IdentityRpc.setManagerActive.subject,
  IdentityRpc.deleteManager.subject,
  IdentityRpc.getAccountSummary.subject,
  IdentityRpc.resolveSender.subject,
  NotificationsRpc.sendPasswordResetEmail.subject,
];

/** Broadcasts identity publishes and every gateway listens to (core NATS, no reply). */
const GATEWAY_BROADCASTS = [IdentitySubjects.sessionsRevoked, IdentitySubjects.apiKeysRevoked];

/** Private inbox prefix of a user's connections (`inboxPrefix`): replies to its requests. */
export function inboxPrefixOf(user: NatsUser): string {
  return `_INBOX_${user}`;
}

/** Where reporting streams an export's chunks: subscribed to by the gateway only. */
export const EXPORT_STREAM_PREFIX = '_EXPORT_gateway';

/** JetStream's API and acks: stream and consumer set-up, pull requests, acks. */
const JETSTREAM = ['$JS.API.>', '$JS.ACK.>'];

export interface SubjectPermissions {
  publish: { allow: string[]; deny: string[] };
  subscribe: { allow: string[]; deny: string[] };
}

/**
 * Whether only the gateway may publish `subject` (bare). Services require a valid actor assertion
 * on those; subjects that services also call are authorized by NATS permissions.
 */
export function gatewayOnly(subject: string): boolean {
  const b = subject;
  // Health pings carry nothing and answer nothing private; a container's healthcheck (as its
  // own service's user) asks its own.
  if (b.endsWith('.health.ping.v1')) return false;
  if (INTERNAL_ONLY_SUBJECTS.some((s) => s === b)) return false;
  return !Object.values(SERVICE_CALLS).some((calls) => calls.some((s) => s === b));
}

/**
 * The permissions of one user. `prefix` is the NATS_PREFIX of the stack ('' in production,
 * 'x1.' for a named one, '*.' for a test server shared by spec files with prefixes of their own).
 */
export function permissionsFor(user: NatsUser, prefix = ''): SubjectPermissions {
  const p = (s: string): string => `${prefix}${s}`;
  const inbox = `${inboxPrefixOf(user)}.>`;
  if (user === 'gateway') {
    return {
      publish: {
        allow: [...SERVICE_NAMES.map((s) => p(`${s}.>`)), p('evt.gateway.>'), ...JETSTREAM],
        deny: INTERNAL_ONLY_SUBJECTS.map(p),
      },
      subscribe: { allow: [inbox, `${EXPORT_STREAM_PREFIX}.>`, ...GATEWAY_BROADCASTS.map(p)], deny: [] },
    };
  }
  const publish = [
    p(`${user}.>`),
    p(`evt.${user}.>`),
    ...JETSTREAM,
    ...SERVICE_CALLS[user].map(p),
    ...SERVICE_CONSUMES[user].map((type) => p(deadLetterOf(type))),
  ];
  if (user === 'reporting') publish.push(`${EXPORT_STREAM_PREFIX}.>`);
  return {
    publish: { allow: publish, deny: [] },
    subscribe: { allow: [p(`${user}.>`), inbox], deny: [] },
  };
}
