import { getMetadataStorage } from 'class-validator';
import * as contracts from './index';

/**
 * `@ValidateNested()` alone lets a missing object through (class-validator skips
 * undefined), which once let `POST /sub-accounts` without `manager` reach the database.
 * Every required nested property must also say what it is (`@IsObject()` / `@IsArray()`).
 */
describe('contract classes', () => {
  it('declare every required nested object with @IsObject or @IsArray', () => {
    const storage = getMetadataStorage();
    const offenders: string[] = [];
    for (const [name, value] of Object.entries(contracts)) {
      if (typeof value !== 'function') continue;
      const metas = storage.getTargetValidationMetadatas(value, '', true, false);
      const byProperty = new Map<string, string[]>();
      for (const m of metas)
        byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m.name ?? m.type]);
      for (const [property, kinds] of byProperty) {
        const nested = metas.some((m) => m.propertyName === property && m.type === 'nestedValidation');
        const conditional = metas.some((m) => m.propertyName === property && m.type === 'conditionalValidation');
        const typed = kinds.includes('isObject') || kinds.includes('isArray');
        if (nested && !conditional && !typed) offenders.push(`${name}.${property}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
