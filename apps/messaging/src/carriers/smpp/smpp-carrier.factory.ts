import type { MessagingEnv } from '../../messaging-env';
import { SmppCarrier } from './smpp-carrier';
import { parseSmppUrl } from './smpp-url';

/** The SMPP carrier as configured by the environment (CARRIER=smpp). */
export function createSmppCarrier(env: MessagingEnv): SmppCarrier {
  return new SmppCarrier({
    endpoint: parseSmppUrl(env.SMPP_URL),
    binds: env.SMPP_BINDS,
    window: env.SMPP_WINDOW,
    tps: env.SMPP_TPS,
    enquireLinkMs: env.SMPP_ENQUIRE_LINK_MS,
    responseTimeoutMs: env.SMPP_RESPONSE_TIMEOUT_MS,
    rebindMinMs: 500,
    rebindMaxMs: env.SMPP_REBIND_MAX_MS,
  });
}
