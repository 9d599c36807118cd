// Runs every check that the stack supports, each isolated (one failing to run is a violation of
// its own, the others still run).
import type { Features, Log } from '../types';
import { errorStack } from '../types';
import { alertsCheck } from './alerts';
import type { Check, CheckContext } from './context';
import { coverageCheck } from './coverage';
import { creditsCheck } from './credits';
import { idempotencyCheck } from './idempotency';
import { invoicesCheck } from './invoices';
import { messagesCheck } from './messages';
import { modelCheck } from './model';
import { processesCheck } from './processes';
import { responsesCheck } from './responses';
import { webhooksCheck } from './webhooks';

const CHECKS: Check[] = [
  responsesCheck,
  creditsCheck,
  idempotencyCheck,
  messagesCheck,
  alertsCheck,
  webhooksCheck,
  invoicesCheck,
  modelCheck,
  coverageCheck,
  processesCheck,
];

export async function runChecks(ctx: CheckContext, log: Log): Promise<string[]> {
  const ran: string[] = [];
  for (const check of CHECKS) {
    if (!check.enabled(ctx.features)) {
      ctx.note(check.name, 'skipped: not in this stack yet');
      continue;
    }
    const before = ctx.violations.length;
    try {
      await check.run(ctx);
    } catch (err) {
      ctx.violation(check.name, `check could not run: ${errorStack(err)}`);
    }
    ran.push(check.name);
    log(`check ${check.name}: ${ctx.violations.length - before} violation(s)`);
  }
  return ran;
}

/** Names of the checks this stack supports. */
export function enabledChecks(features: Features): string[] {
  return CHECKS.filter((c) => c.enabled(features)).map((c) => c.name);
}
