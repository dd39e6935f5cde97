import { TreeSelect } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api/client';

interface Category {
  key: string;
  name: string;
  children: Array<{ key: string; name: string }>;
}

/** Filter by event category: a top-level category includes its subcategories. */
export function CategoryFilter({ value, onChange }: { value?: string; onChange: (key?: string) => void }) {
  const { t } = useTranslation();
  const [tree, setTree] = useState<Category[]>([]);
  useEffect(() => {
    api.get<Category[]>('/api/grid/event-categories').then(setTree, () => undefined);
  }, []);
  return (
    <TreeSelect
      allowClear
      value={value}
      onChange={(key?: string) => onChange(key || undefined)}
      placeholder={t('gridEvents.filter.allCategories')}
      style={{ width: 180 }}
      treeData={tree.map((top) => ({
        value: top.key,
        title: top.name,
        children: top.children.map((c) => ({ value: c.key, title: c.name })),
      }))}
      data-testid="event-category"
    />
  );
}
