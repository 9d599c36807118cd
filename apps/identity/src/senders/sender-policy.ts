/**
 * Senders usable by every account without being listed: the platform's shared number and the
 * development allow-list (SENDER_ALLOW_LIST). Exact spelling: `ACME` listed does not admit `Acme`.
 */
export class SenderPolicy {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    private readonly sharedNumber: string,
    allowList: string,
  ) {
    this.allowed = new Set(parseAllowList(allowList));
  }

  alwaysAllowed(sender: string): boolean {
    return sender === this.sharedNumber || this.allowed.has(sender);
  }
}

/** `A, B ,,C` → ['A', 'B', 'C']: entries trimmed, empty ones dropped. */
export function parseAllowList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
