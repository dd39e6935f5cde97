import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api/client';

interface Category {
  key: string;
  handlingUnitType: string | null;
  children: Array<{ key: string; handlingUnitType: string | null }>;
}

/** Which kind of unit usually handles this category (the category's setting, else its parent's). */
export function DispatchHint({ categoryKey }: { categoryKey: string | null }) {
  const { t } = useTranslation();
  const [typeName, setTypeName] = useState<string | null>(null);
  useEffect(() => {
    if (!categoryKey) return;
    Promise.all([
      api.get<Category[]>('/api/grid/event-categories'),
      api.get<Array<{ key: string; name: string }>>('/api/orgs/types'),
    ]).then(
      ([tree, types]) => {
        const top = tree.find((c) => c.key === categoryKey || c.children.some((x) => x.key === categoryKey));
        const leaf = top?.children.find((x) => x.key === categoryKey);
        const key = leaf?.handlingUnitType ?? top?.handlingUnitType ?? null;
        setTypeName(types.find((type) => type.key === key)?.name ?? null);
      },
      () => undefined,
    );
  }, [categoryKey]);
  if (!typeName) return null;
  return (
    <Typography.Text type="secondary" data-testid="dispatch-hint">
      {t('gridEvents.dispatch.hint', { type: typeName })}
    </Typography.Text>
  );
}
