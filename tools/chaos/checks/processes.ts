// A process that exits by itself is a violation: services must ride out broker and database
// outages (reconnect, report not-ready) and wait for them at start instead of exiting.
import type { Check } from './context';

const NAME = 'processes';

export const processesCheck: Check = {
  name: NAME,
  enabled: () => true,
  async run(ctx) {
    const crashes = ctx.crashes;
    ctx.note(NAME, `${crashes.length} process(es) exited on their own`);
    if (crashes.length) {
      ctx.violation(
        NAME,
        `${crashes.length} process(es) exited on their own`,
        crashes.map((c) => `${c.name} at ${c.atS} s (code ${c.code}, signal ${c.signal}); see its log`),
      );
    }
  },
};
