import * as contracts from '@sms/contracts';
import {
  AuditEvents,
  BillingEvents,
  BillingRpc,
  healthPing,
  IdentityRpc,
  MessagingRpc,
  SERVICE_NAMES,
  WalletRpc,
} from '@sms/contracts';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gatewayOnly, NatsUser, permissionsFor, SERVICE_CALLS, SERVICE_CONSUMES } from './subject-permissions';

/** NATS subject matching: `*` one token, `>` the rest. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

function mayPublish(user: NatsUser, subject: string, prefix = ''): boolean {
  const { publish } = permissionsFor(user, prefix);
  return publish.allow.some((a) => matches(a, subject)) && !publish.deny.some((d) => matches(d, subject));
}

function maySubscribe(user: NatsUser, subject: string, prefix = ''): boolean {
  return permissionsFor(user, prefix).subscribe.allow.some((a) => matches(a, subject));
}

describe('subject permissions', () => {
  it('only the gateway calls identity login; nobody but identity hears it', () => {
    expect(mayPublish('gateway', IdentityRpc.login.subject)).toBe(true);
    for (const s of SERVICE_NAMES) expect(mayPublish(s, IdentityRpc.login.subject)).toBe(s === 'identity');
    for (const u of ['gateway', ...SERVICE_NAMES] as NatsUser[]) {
      expect(maySubscribe(u, IdentityRpc.login.subject)).toBe(u === 'identity');
    }
  });

  it('events only of the publisher’s own domain: wallet cannot pay an invoice', () => {
    expect(mayPublish('wallet', `evt.${BillingEvents.invoicePaid.type}`)).toBe(false);
    expect(mayPublish('billing', `evt.${BillingEvents.invoicePaid.type}`)).toBe(true);
    expect(mayPublish('gateway', `evt.${BillingEvents.invoicePaid.type}`)).toBe(false);
    expect(mayPublish('wallet', 'evt.wallet.balance.changed.v1')).toBe(true);
  });

  it('internal subjects are refused to the gateway and allowed to their callers only', () => {
    expect(mayPublish('gateway', WalletRpc.reserve.subject)).toBe(false);
    expect(mayPublish('gateway', MessagingRpc.sendSystem.subject)).toBe(false);
    expect(mayPublish('messaging', WalletRpc.reserve.subject)).toBe(true);
    expect(mayPublish('billing', WalletRpc.reserve.subject)).toBe(false);
    expect(mayPublish('notifications', MessagingRpc.sendSystem.subject)).toBe(true);
    expect(mayPublish('wallet', MessagingRpc.sendSystem.subject)).toBe(false);
    expect(mayPublish('gateway', WalletRpc.verify.subject)).toBe(false);
    expect(mayPublish('wallet', BillingRpc.payInvoice.subject)).toBe(false);
  });

  it('inboxes are private: each user subscribes to its own only', () => {
    expect(maySubscribe('wallet', '_INBOX_wallet.abc.1')).toBe(true);
    expect(maySubscribe('wallet', '_INBOX_gateway.abc.1')).toBe(false);
    expect(maySubscribe('wallet', '_INBOX.abc')).toBe(false);
    expect(maySubscribe('reporting', '_EXPORT_gateway.abc')).toBe(false);
    expect(mayPublish('reporting', '_EXPORT_gateway.abc')).toBe(true);
    expect(mayPublish('reporting', '_INBOX_gateway.abc')).toBe(false);
  });

  it('applies the stack prefix, or any one-token prefix for a shared test server', () => {
    expect(mayPublish('gateway', 'x1.identity.auth.login.v1', 'x1.')).toBe(true);
    expect(mayPublish('gateway', 'identity.auth.login.v1', 'x1.')).toBe(false);
    expect(mayPublish('wallet', 't9-fab.identity.auth.login.v1', '*.')).toBe(false);
    expect(mayPublish('gateway', 't9-fab.identity.auth.login.v1', '*.')).toBe(true);
  });

  it('asks an actor assertion on gateway-only subjects, not on what services call or on health pings', () => {
    expect(gatewayOnly(WalletRpc.getBalance.subject)).toBe(false); // notifications calls it too
    expect(gatewayOnly(WalletRpc.creditSubAccount.subject)).toBe(true);
    expect(gatewayOnly(IdentityRpc.login.subject)).toBe(true);
    expect(gatewayOnly(WalletRpc.reserve.subject)).toBe(false);
    expect(gatewayOnly(healthPing('wallet').subject)).toBe(false);
  });

  // The table is checked against the code: every `<Domain>Rpc.<name>` a service sends on
  // another service's subjects must be listed for it in SERVICE_CALLS.
  it('lets every service call what its code calls', () => {
    const repo = path.resolve(__dirname, '../../..');
    const operations = contracts as unknown as Record<string, Record<string, { subject?: string }> | undefined>;
    for (const service of SERVICE_NAMES) {
      const used = new Set<string>();
      for (const file of sourceFiles(path.join(repo, 'apps', service, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/\.send(?:<[^>]*>)?\(\s*(\w+Rpc)\.(\w+)/g)) {
          const subject = operations[m[1]]?.[m[2]]?.subject;
          if (subject) used.add(subject);
        }
      }
      for (const subject of used) {
        expect({ service, subject, allowed: mayPublish(service, subject) }).toEqual({
          service,
          subject,
          allowed: true,
        });
      }
      expect(used.size).toBeGreaterThanOrEqual(SERVICE_CALLS[service].length > 0 ? 1 : 0);
    }
  });

  // Dead letters: a consumer that cannot apply an event publishes it on `dlq.evt.<type>` (libs/events);
  // refused, it naks the event for ever. Every event a service's consumers name (or their wildcard
  // filterType) must have its dead letter allowed to that service, and to no service that consumes nothing.
  it('lets every service dead-letter the events its consumers take, and only those', () => {
    const repo = path.resolve(__dirname, '../../..');
    const events = contracts as unknown as Record<string, Record<string, { type?: string }> | undefined>;
    let consumed = 0;
    for (const service of SERVICE_NAMES) {
      const types = new Set<string>();
      for (const file of sourceFiles(path.join(repo, 'apps', service, 'src'))) {
        const text = readFileSync(file, 'utf8');
        if (!text.includes('EventConsumers')) continue;
        for (const m of text.matchAll(/\b(\w+Events)\.(\w+)\b/g)) {
          const type = events[m[1]]?.[m[2]]?.type;
          if (type) types.add(type);
        }
        for (const m of text.matchAll(/filterType:\s*'([^']+)'/g)) types.add(m[1].replace(/>$/, 'any.v1'));
      }
      consumed += types.size;
      for (const type of types) {
        for (const prefix of ['', 'c1a2b3.']) {
          const subject = `${prefix}dlq.evt.${type}`;
          expect({ service, subject, allowed: mayPublish(service, subject, prefix) }).toEqual({
            service,
            subject,
            allowed: true,
          });
        }
      }
      if (types.size === 0) expect(SERVICE_CONSUMES[service]).toEqual([]);
    }
    expect(consumed).toBeGreaterThanOrEqual(5);
    // Not a blanket grant: identity consumes nothing, the gateway neither; wallet not the audit trail.
    expect(mayPublish('identity', `dlq.evt.${BillingEvents.invoicePaid.type}`)).toBe(false);
    expect(mayPublish('gateway', `dlq.evt.${AuditEvents.recorded.type}`)).toBe(false);
    expect(mayPublish('wallet', `dlq.evt.${AuditEvents.recorded.type}`)).toBe(false);
    expect(mayPublish('notifications', `dlq.evt.${AuditEvents.recorded.type}`)).toBe(true);
  });
});

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'testing') out.push(...sourceFiles(full));
    } else if (name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name)) {
      out.push(full);
    }
  }
  return out;
}
