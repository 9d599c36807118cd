import { SecretBox } from './secret-box';
import { AllowedHosts, Resolver } from './url-guard';

/** How host names are resolved (the system resolver; tests may provide another). */
export const WEBHOOK_RESOLVER = Symbol('WEBHOOK_RESOLVER');
export const WEBHOOK_ALLOWED_HOSTS = Symbol('WEBHOOK_ALLOWED_HOSTS');
export const WEBHOOK_SECRET_BOX = Symbol('WEBHOOK_SECRET_BOX');

export type { Resolver, AllowedHosts, SecretBox };
