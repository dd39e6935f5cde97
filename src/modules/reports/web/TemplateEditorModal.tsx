import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';

interface TemplateView {
  id: string;
  name: string;
  title: string;
  isDefault: boolean;
  sections: unknown[];
}

interface Values {
  name: string;
  title: string;
  sections: string;
}

/**
 * Templates as data: name, title and the ordered blocks as JSON (headings, paragraphs of text and
 * placeholders, record lists). The server checks every block and names the field that is wrong.
 */
export function TemplateEditorModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [templates, setTemplates] = useState<TemplateView[]>([]);
  const [current, setCurrent] = useState<string | 'new' | null>(null);

  useEffect(() => {
    if (!open) return;
    api
      .get<TemplateView[]>('/api/reports/duty-templates')
      .then((list) => {
        setTemplates(list);
        setCurrent(list[0]?.id ?? 'new');
      })
      .catch(() => undefined);
  }, [open]);

  useEffect(() => {
    const found = templates.find((template) => template.id === current);
    const source = found ?? templates[0];
    form.setFieldsValue({
      name: found ? found.name : '',
      title: source?.title ?? '述职报告',
      sections: JSON.stringify(source?.sections ?? [], null, 2),
    });
  }, [current, templates, form]);

  const submit = useFormSubmit(form, async (values) => {
    let sections: unknown;
    try {
      sections = JSON.parse(values.sections);
    } catch {
      form.setFields([{ name: 'sections', errors: [t('reports.duty.templateJsonError')] }]);
      return;
    }
    const body = { name: values.name, title: values.title, sections };
    if (current && current !== 'new') await api.put(`/api/reports/duty-templates/${current}`, body);
    else await api.post('/api/reports/duty-templates', body);
    message.success(t('reports.duty.saved'));
    onClose();
  });

  return (
    <Modal
      open={open}
      width={900}
      title={t('reports.duty.templates')}
      onCancel={onClose}
      onOk={submit.submit}
      confirmLoading={submit.saving}
      destroyOnHidden
    >
      <Select
        style={{ width: 360, marginBottom: 16 }}
        value={current ?? undefined}
        onChange={setCurrent}
        options={[
          ...templates.map((template) => ({ value: template.id, label: template.name })),
          { value: 'new', label: t('reports.duty.templateNew') },
        ]}
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('reports.duty.templateHelp')} />
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('reports.duty.templateName')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="title" label={t('reports.duty.templateTitle')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="sections" label={t('reports.duty.templateSections')} rules={[{ required: true }]}>
          <Input.TextArea autoSize={{ minRows: 12, maxRows: 24 }} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('reports.duty.templateEffect')}</Typography.Text>
    </Modal>
  );
}
