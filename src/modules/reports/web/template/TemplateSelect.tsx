import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../../web/api/client';

interface TemplateItem {
  id: string;
  name: string;
  isDefault: boolean;
}

/** Picks a duty report template; empty means the default template. */
export function TemplateSelect(props: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
}) {
  const [templates, setTemplates] = useState<TemplateItem[]>([]);
  useEffect(() => {
    api
      .get<TemplateItem[]>('/api/reports/duty-templates')
      .then(setTemplates)
      .catch(() => undefined);
  }, []);
  return (
    <Select
      id={props.id}
      data-testid="duty-template-select"
      allowClear
      value={props.value}
      onChange={props.onChange}
      placeholder={templates.find((template) => template.isDefault)?.name}
      style={{ width: 320 }}
      options={templates.map((template) => ({
        value: template.id,
        label: template.name,
      }))}
    />
  );
}
