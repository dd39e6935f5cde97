import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../../web/api/client';
import { showFormError } from '../../../../web/components/formErrors';

interface ApiKey {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Open311 API keys: issue (shown once), list, revoke. */
export function Open311KeysTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const load = useCallback(() => {
    api.get<ApiKey[]>('/api/grid/open311-keys').then(setKeys, () => setKeys([]));
  }, []);
  useEffect(load, [load]);

  const issue = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const created = await api.post<ApiKey & { key: string }>('/api/grid/open311-keys', values);
      setIssuing(false);
      setIssued(created.key);
      load();
    } catch (error) {
      showFormError(form, error);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string) => {
    await api.del(`/api/grid/open311-keys/${id}`);
    message.success(t('gridEvents.open311.revoked'));
    load();
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">{t('gridEvents.open311.intro')}</Typography.Paragraph>
      {issued && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setIssued(null)}
          message={t('gridEvents.open311.issued')}
          description={
            <Typography.Text copyable code data-testid="open311-issued-key">
              {issued}
            </Typography.Text>
          }
        />
      )}
      <Button type="primary" icon={<PlusOutlined />} onClick={() => setIssuing(true)}>
        {t('gridEvents.open311.issue')}
      </Button>
      <Table<ApiKey>
        rowKey="id"
        size="small"
        loading={keys === null}
        dataSource={keys ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('gridEvents.open311.empty')} /> }}
        columns={[
          { title: t('gridEvents.open311.name'), dataIndex: 'name' },
          {
            title: t('gridEvents.open311.createdAt'),
            dataIndex: 'createdAt',
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
          {
            title: t('gridEvents.open311.state'),
            dataIndex: 'revokedAt',
            render: (at: string | null) =>
              at ? (
                <Tag>{t('gridEvents.open311.revoked')}</Tag>
              ) : (
                <Tag color="green">{t('gridEvents.open311.active')}</Tag>
              ),
          },
          {
            key: 'revoke',
            render: (_, row) =>
              !row.revokedAt && (
                <Popconfirm title={t('gridEvents.open311.revokeConfirm')} onConfirm={() => revoke(row.id)}>
                  <Button size="small" type="link" danger>
                    {t('gridEvents.open311.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal
        open={issuing}
        title={t('gridEvents.open311.issue')}
        onCancel={() => setIssuing(false)}
        onOk={issue}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="name" label={t('gridEvents.open311.name')} rules={[{ required: true }]}>
            <Input maxLength={60} placeholder="12345 市民热线" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
