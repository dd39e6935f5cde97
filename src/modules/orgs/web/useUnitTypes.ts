import { useEffect, useState } from 'react';
import { api } from '../../../web/api/client';
import type { UnitType } from '../../../web/api/types';

let cached: Promise<UnitType[]> | null = null;

/** The unit types (key, Chinese name, category), fetched once per page load. */
export function useUnitTypes(): UnitType[] {
  const [types, setTypes] = useState<UnitType[]>([]);
  useEffect(() => {
    let alive = true;
    cached ??= api.get<UnitType[]>('/api/orgs/types').catch((error: unknown) => {
      cached = null;
      throw error;
    });
    cached.then((list) => alive && setTypes(list)).catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return types;
}

const CATEGORY_COLORS: Record<UnitType['category'], string> = {
  area: 'blue',
  agency: 'geekblue',
  newOrganization: 'purple',
  party: 'red',
};

/** Tag colour for a unit type's category (areas blue, Party organisations red …). */
export function typeColor(types: UnitType[], typeKey: string): string {
  const type = types.find((candidate) => candidate.key === typeKey);
  return type ? CATEGORY_COLORS[type.category] : 'default';
}

/** Select options grouped by category, for type pickers. */
export function typeOptions(types: UnitType[], categoryLabel: (category: UnitType['category']) => string) {
  const categories: UnitType['category'][] = ['area', 'agency', 'newOrganization', 'party'];
  return categories
    .map((category) => ({
      label: categoryLabel(category),
      title: categoryLabel(category),
      options: types
        .filter((type) => type.category === category)
        .map((type) => ({ value: type.key, label: type.name })),
    }))
    .filter((group) => group.options.length > 0);
}
