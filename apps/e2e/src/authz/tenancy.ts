import { Persona, World } from './personas';

/** Ids of the owner's tenant (A) and of the other tenant (B). */
function tenants(w: World): { a: string[]; b: string[] } {
  return {
    a: [w.owner.accountId, w.target.id, w.sibling.id, w.deactivated.id, w.invoiceId, w.webhookId, w.senderId],
    b: [w.otherOwner.accountId, w.otherTarget.id, w.otherInvoiceId],
  };
}

/**
 * Ids a persona must never see in an answer: everything of the other tenant and, for a manager,
 * the other sub-accounts of its own tenant. Nothing for personas that are not signed in.
 */
export function foreignIds(w: World, p: Persona): string[] {
  const { a, b } = tenants(w);
  switch (p) {
    case 'owner':
      return b;
    case 'manager':
      return [...b, w.sibling.id, w.deactivated.id];
    case 'sibling':
      return [...b, w.target.id, w.deactivated.id];
    case 'otherOwner':
    case 'otherManager':
      return a;
    default:
      return [];
  }
}

/** Ids each tenant's owner must see in its own lists (proof the content check reads real lists). */
export function ownIds(w: World): Partial<Record<Persona, string[]>> {
  return { owner: [w.target.id, w.invoiceId, w.senderId], otherOwner: [w.otherTarget.id, w.otherInvoiceId] };
}
