import type { Schemas } from '../../shared/api/client';

type SubAccount = Schemas['SubAccountView'];
export type SubAccountPatch = Schemas['UpdateSubAccountBody'];

export interface EditForm {
  name: string;
  manager: { firstName: string; lastName: string; email: string };
  unlimited: boolean;
}

export function toForm(sub: SubAccount): EditForm {
  return {
    name: sub.name,
    manager: { firstName: sub.manager.firstName, lastName: sub.manager.lastName, email: sub.manager.email },
    unlimited: sub.unlimited,
  };
}

/**
 * Only what changed goes to PATCH (trimmed): an untouched e-mail is not sent, so it is not
 * checked for uniqueness again, and the audit log lists only the fields really edited.
 * Null when nothing changed.
 */
export function patchOf(sub: SubAccount, f: EditForm): SubAccountPatch | null {
  const patch: SubAccountPatch = {};
  const name = f.name.trim();
  if (name !== sub.name) patch.name = name;
  const manager: NonNullable<SubAccountPatch['manager']> = {};
  for (const k of ['firstName', 'lastName', 'email'] as const) {
    const v = f.manager[k].trim();
    if (v !== sub.manager[k]) manager[k] = v;
  }
  if (Object.keys(manager).length > 0) patch.manager = manager;
  if (f.unlimited !== sub.unlimited) patch.unlimited = f.unlimited;
  return Object.keys(patch).length > 0 ? patch : null;
}
