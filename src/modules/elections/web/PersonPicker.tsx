import { App, Button, Checkbox, Empty, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Page, Person } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../web/session';

const ID_NUMBER = /^\d{17}[\dXx]$/;

/** Finds a person by name, pinyin initials or ID number (registering a new one by ID number) to hold a post. */
export function PersonPicker(props: {
  open: boolean;
  unitId: string;
  unitName: string;
  title: string;
  onPick: (person: Person) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const [q, setQ] = useState('');
  const [onlyUnit, setOnlyUnit] = useState(true);
  const [hits, setHits] = useState<Person[]>([]);
  const [loading, setLoading] = useState(false);
  const [form] = Form.useForm<{ name: string; ethnicity?: string }>();

  useEffect(() => {
    if (!props.open) return;
    const controller = new AbortController();
    setLoading(true);
    api
      .get<Page<Person>>('/api/people', {
        query: { q: q.trim(), unitId: onlyUnit ? props.unitId : undefined, page: 1, pageSize: 20 },
        signal: controller.signal,
      })
      .then((page) => setHits(page.items))
      .catch(() => {
        // Aborted or shown by the central handler.
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [props.open, q, onlyUnit, props.unitId]);

  useEffect(() => {
    if (props.open) {
      setQ('');
      form.resetFields();
    }
  }, [props.open, form]);

  const canRegister = access.canWritePeople && ID_NUMBER.test(q.trim()) && !loading && hits.length === 0;
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const person = await api.post<Person>(
      '/api/people',
      {
        name: values.name.trim(),
        idNumber: q.trim(),
        unitId: props.unitId,
        ethnicity: values.ethnicity?.trim() || undefined,
      },
      { quiet: true },
    );
    message.success(t('elections.picker.registered', { name: person.name }));
    props.onPick(person);
  });

  return (
    <Modal
      open={props.open}
      title={props.title}
      footer={null}
      onCancel={props.onClose}
      width={760}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Input.Search
            allowClear
            autoFocus
            style={{ width: 320 }}
            placeholder={t('elections.picker.searchPlaceholder')}
            onSearch={(value) => setQ(value)}
            data-testid="person-picker-search"
          />
          <Checkbox checked={onlyUnit} onChange={(event) => setOnlyUnit(event.target.checked)}>
            {t('elections.picker.onlyUnit', { unit: props.unitName })}
          </Checkbox>
        </Space>
        <Table<Person>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={hits}
          pagination={false}
          scroll={{ y: 320 }}
          columns={[
            { title: t('elections.person.name'), dataIndex: 'name', width: 110 },
            {
              title: t('elections.person.gender'),
              dataIndex: 'gender',
              width: 60,
              render: (g: Person['gender']) => t(`elections.genders.${g}`),
            },
            { title: t('elections.person.birthDate'), dataIndex: 'birthDate', width: 110 },
            {
              title: t('elections.person.idNumber'),
              dataIndex: 'idNumberMasked',
              width: 190,
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t('elections.person.unit'), dataIndex: 'unitName', ellipsis: true },
            {
              title: '',
              width: 80,
              render: (_, person) => (
                <Button
                  size="small"
                  type="link"
                  onClick={() => props.onPick(person)}
                  data-testid="person-pick"
                >
                  {t('elections.picker.pick')}
                </Button>
              ),
            },
          ]}
          locale={{ emptyText: <Empty description={t('elections.picker.empty')} /> }}
        />
        {canRegister && (
          <Form form={form} layout="inline" name="registerPerson">
            <Typography.Text>{t('elections.picker.register', { idNumber: q.trim() })}</Typography.Text>
            <Form.Item
              name="name"
              rules={[{ required: true, whitespace: true, message: t('elections.picker.nameRequired') }]}
            >
              <Input placeholder={t('elections.person.name')} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item name="ethnicity">
              <Input placeholder={t('elections.person.ethnicity')} style={{ width: 110 }} />
            </Form.Item>
            <Button type="primary" loading={saving} onClick={submit}>
              {t('elections.picker.registerButton')}
            </Button>
          </Form>
        )}
      </Space>
    </Modal>
  );
}
