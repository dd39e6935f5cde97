import { PrinterOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { openLetter } from './MemberDrawer';
import type { TransferView } from './types';

const statusColor: Record<TransferView['status'], string> = {
  pending: 'processing',
  accepted: 'success',
  returned: 'error',
  cancelled: 'default',
};

/** Asks for the reason of a return (receiving side) or a withdrawal (sending side). */
function ReasonModal(props: {
  transfer: TransferView | null;
  action: 'return' | 'cancel';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { saving, submit } = useFormSubmit(form, async ({ reason }) => {
    await api.post(
      `/api/members/transfers/${props.transfer!.id}/${props.action}`,
      { reason },
      { quiet: true },
    );
    message.success(
      t(props.action === 'return' ? 'members.transfer.returned' : 'members.transfer.cancelled'),
    );
    props.onDone();
  });
  return (
    <Modal
      open={props.transfer !== null}
      title={t(props.action === 'return' ? 'members.transfer.returnTitle' : 'members.transfer.cancelTitle')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t(
            props.action === 'return' ? 'members.transfer.returnReason' : 'members.transfer.cancelReason',
          )}
          rules={[{ required: true, min: 2, max: 200 }]}
        >
          <Input.TextArea rows={3} maxLength={200} data-testid="transfer-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TransferTable({ box }: { box: 'incoming' | 'outgoing' }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [status, setStatus] = useState<string>('pending');
  const [query, setQuery] = useState('');
  const [reasonFor, setReasonFor] = useState<{ transfer: TransferView; action: 'return' | 'cancel' } | null>(
    null,
  );
  const list = usePagedList<TransferView>('/api/members/transfers', { box, status, q: query.trim() });

  const act = async (transfer: TransferView, action: 'accept' | 'confirm') => {
    try {
      await api.post(`/api/members/transfers/${transfer.id}/${action}`);
      message.success(t(action === 'accept' ? 'members.transfer.accepted' : 'members.transfer.confirmed'));
      list.reload();
    } catch {
      // Shown by the central handler.
    }
  };

  const columns: ColumnsType<TransferView> = [
    {
      title: t('members.transfer.member'),
      dataIndex: 'memberName',
      width: 150,
      render: (name: string, tr) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`members.categoryShort.${tr.memberCategory}`)} · {tr.idNumberMasked}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('members.transfer.from'), dataIndex: 'fromUnitName', ellipsis: true },
    {
      title: t('members.transfer.to'),
      key: 'to',
      ellipsis: true,
      render: (_: unknown, tr) => tr.toUnitName ?? tr.destination,
    },
    { title: t('members.transfer.reason'), dataIndex: 'reason', width: 140, ellipsis: true },
    { title: t('members.transfer.letterNumber'), dataIndex: 'letterNumber', width: 110 },
    { title: t('members.transfer.requestedOn'), dataIndex: 'requestedOn', width: 110 },
    { title: t('members.transfer.validUntil'), dataIndex: 'letterValidUntil', width: 110 },
    {
      title: t('members.transfer.status'),
      dataIndex: 'status',
      width: 160,
      render: (value: TransferView['status'], tr) => (
        <Space orientation="vertical" size={0}>
          <Tag color={statusColor[value]}>{t(`members.transfer.statuses.${value}`)}</Tag>
          {tr.decidedOn && tr.decidedByName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('members.transfer.decidedBy', { name: tr.decidedByName, date: tr.decidedOn })}
            </Typography.Text>
          )}
          {tr.returnReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {tr.returnReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 230,
      fixed: 'right',
      render: (_: unknown, tr) => (
        <Space wrap size={4}>
          <Button size="small" icon={<PrinterOutlined />} onClick={() => openLetter(tr.id)}>
            {t('members.transfer.letter')}
          </Button>
          {tr.canReceive && (
            <Popconfirm
              title={t('members.transfer.acceptTitle', { name: tr.memberName })}
              description={t('members.transfer.acceptText', { unit: tr.toUnitName })}
              onConfirm={() => act(tr, 'accept')}
            >
              <Button size="small" type="primary" data-testid="transfer-accept">
                {t('members.transfer.accept')}
              </Button>
            </Popconfirm>
          )}
          {tr.canReceive && (
            <Button size="small" danger onClick={() => setReasonFor({ transfer: tr, action: 'return' })}>
              {t('members.transfer.return')}
            </Button>
          )}
          {tr.canSend && !tr.internal && (
            <Popconfirm
              title={t('members.transfer.confirmTitle')}
              description={t('members.transfer.confirmText')}
              onConfirm={() => act(tr, 'confirm')}
            >
              <Button size="small" type="primary">
                {t('members.transfer.confirm')}
              </Button>
            </Popconfirm>
          )}
          {tr.canSend && (
            <Button size="small" onClick={() => setReasonFor({ transfer: tr, action: 'cancel' })}>
              {t('members.transfer.cancel')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={[
            ...(['pending', 'accepted', 'returned', 'cancelled'] as const).map((s) => ({
              value: s,
              label: t(`members.transfer.statuses.${s}`),
            })),
            { value: 'all', label: t('members.transfer.statusAll') },
          ]}
        />
        <Input.Search
          allowClear
          style={{ width: 240 }}
          placeholder={t('members.transfer.searchPlaceholder')}
          onSearch={setQuery}
        />
      </Space>
      <Table<TransferView>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 1360 }}
        locale={{ emptyText: <Empty description={t('members.transfer.empty')} /> }}
        data-testid={`transfers-${box}`}
      />
      <ReasonModal
        transfer={reasonFor?.transfer ?? null}
        action={reasonFor?.action ?? 'return'}
        onClose={() => setReasonFor(null)}
        onDone={() => {
          setReasonFor(null);
          list.reload();
        }}
      />
    </>
  );
}

/** /members/transfers: transfers to receive (incoming) and transfers sent (outgoing), with their actions. */
export default function TransfersPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('members.transfersTitle')}>
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'incoming',
            label: t('members.transfer.incoming'),
            children: <TransferTable box="incoming" />,
          },
          {
            key: 'outgoing',
            label: t('members.transfer.outgoing'),
            children: <TransferTable box="outgoing" />,
          },
        ]}
      />
    </Card>
  );
}
