import { EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Result,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, handleApiError } from '../../../web/api/client';
import { useAccess } from '../../../web/session';
import { DecisionModal } from './DecisionModal';
import { MemberFormModal } from './MemberFormModal';
import { FlagTags } from './RosterPage';
import { TransferModal } from './TransferModal';
import type { MemberDetail, TransferView } from './types';

/** Shows the full ID number on request, through the people module's audited read. */
function FullIdNumber({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [idNumber, setIdNumber] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  if (idNumber) {
    return (
      <Space orientation="vertical" size={4}>
        <Typography.Text copyable strong>
          {idNumber}
        </Typography.Text>
        <Typography.Text type="warning">{t('members.detail.idNumberAudited')}</Typography.Text>
      </Space>
    );
  }
  return (
    <Button
      size="small"
      icon={<EyeOutlined />}
      loading={loading}
      onClick={async () => {
        setLoading(true);
        try {
          setIdNumber((await api.get<{ idNumber: string }>(`/api/people/${personId}/id-number`)).idNumber);
        } catch {
          // Shown by the central handler.
        } finally {
          setLoading(false);
        }
      }}
    >
      {t('members.detail.showIdNumber')}
    </Button>
  );
}

const fieldLabels: Record<string, string> = {
  unitId: 'unit',
  category: 'category',
  status: 'status',
  joinedOn: 'joinedOn',
  fullOn: 'fullOn',
  conversionDueOn: 'conversionDueOn',
  probationExtensionMonths: 'extension',
  education: 'education',
  post: 'post',
  awaySince: 'awaySince',
  lastContactOn: 'lastContactOn',
};

/** The fields an event changed, "label: before → after", with codes shown in words. */
function EventChanges({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const created = before === null || before === undefined;
  // A creation lists what was filled in; a change lists what differs.
  const keys = Object.keys(fieldLabels).filter(
    (key) =>
      key in a &&
      key !== 'unitId' &&
      (created ? a[key] !== null && a[key] !== undefined && a[key] !== '' : b[key] !== a[key]),
  );
  if (keys.length === 0) return null;
  const show = (key: string, value: unknown) => {
    if (value === null || value === undefined || value === '') return '—';
    if (key === 'category') return t(`members.categories.${value as 'full'}`);
    if (key === 'status') return t(`members.statuses.${value as 'active'}`);
    if (key === 'education') return t(`members.educations.${value as 'bachelor'}`);
    return String(value);
  };
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {keys
        .map((key) =>
          key in b
            ? `${t(`members.detail.${fieldLabels[key] as 'post'}`)}：${show(key, b[key])} → ${show(key, a[key])}`
            : `${t(`members.detail.${fieldLabels[key] as 'post'}`)}：${show(key, a[key])}`,
        )
        .join('；')}
    </Typography.Text>
  );
}

/** Opens the introduction letter in a new tab (a print-friendly page with its own print button). */
export function openLetter(transferId: string): void {
  window.open(`/api/members/transfers/${transferId}/letter`, '_blank', 'noopener');
}

function TransferList({ transfers }: { transfers: TransferView[] }) {
  const { t } = useTranslation();
  if (transfers.length === 0) return <Empty description={t('members.detail.noTransfers')} />;
  return (
    <Table<TransferView>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={transfers}
      columns={[
        { title: t('members.transfer.letterNumber'), dataIndex: 'letterNumber', width: 110 },
        { title: t('members.transfer.requestedOn'), dataIndex: 'requestedOn', width: 110 },
        { title: t('members.transfer.from'), dataIndex: 'fromUnitName' },
        {
          title: t('members.transfer.to'),
          key: 'to',
          render: (_: unknown, tr) => tr.toUnitName ?? tr.destination,
        },
        {
          title: t('members.transfer.status'),
          dataIndex: 'status',
          width: 90,
          render: (status: TransferView['status'], tr) => (
            <Space orientation="vertical" size={0}>
              <Tag>{t(`members.transfer.statuses.${status}`)}</Tag>
              {tr.returnReason && <Typography.Text type="secondary">{tr.returnReason}</Typography.Text>}
            </Space>
          ),
        },
        {
          key: 'letter',
          width: 60,
          render: (_: unknown, tr) => (
            <Button size="small" type="link" icon={<PrinterOutlined />} onClick={() => openLetter(tr.id)} />
          ),
        },
      ]}
    />
  );
}

/** A member's page in a drawer: person data, Party data with actions, and the full history. */
export function MemberDrawer(props: { memberId: string | null; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const [member, setMember] = useState<MemberDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const [dialog, setDialog] = useState<'edit' | 'decide' | 'transfer' | null>(null);
  const { memberId, onChanged } = props;

  const load = useCallback(async (id: string) => {
    setLoading(true);
    setNotFound(false);
    try {
      setMember(await api.get<MemberDetail>(`/api/members/${id}`, { quiet: true }));
    } catch (error) {
      setMember(null);
      if (error instanceof ApiError && error.status === 404) setNotFound(true);
      else if (error instanceof ApiError) handleApiError(error);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    if (memberId) void load(memberId);
    else setMember(null);
  }, [memberId, load]);

  const updated = (next?: MemberDetail) => {
    setDialog(null);
    if (next) setMember(next);
    else if (memberId) void load(memberId);
    onChanged();
  };

  const m = member;
  const canTransfer = access.canTransferMembers && m?.status === 'active' && !m.hasOpenTransfer;
  return (
    <Drawer
      open={memberId !== null}
      title={m ? `${m.name}（${t(`members.categories.${m.category}`)}）` : ''}
      size="large"
      onClose={props.onClose}
      destroyOnHidden
      extra={
        m && (
          <Space>
            {access.canWriteMembers && (
              <Button onClick={() => setDialog('edit')} data-testid="member-edit">
                {t('members.detail.edit')}
              </Button>
            )}
            {access.canDecideMembers && m.allowedDecisions.length > 0 && (
              <Button onClick={() => setDialog('decide')} data-testid="member-decide">
                {t('members.detail.decide')}
              </Button>
            )}
            {canTransfer && (
              <Button onClick={() => setDialog('transfer')} data-testid="member-transfer">
                {t('members.detail.transfer')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {loading && !m && <Spin />}
      {notFound && <Result status="404" subTitle={t('members.detail.notFound')} />}
      {m && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="member-detail">
          {m.flags.conversion === 'dueSoon' && (
            <Alert type="info" showIcon title={t('members.detail.dueHint', { date: m.conversionDueOn })} />
          )}
          {m.flags.conversion === 'overdue' && (
            <Alert
              type="warning"
              showIcon
              title={t('members.detail.overdueHint', { date: m.conversionDueOn })}
            />
          )}
          {m.hasOpenTransfer && <Alert type="info" showIcon title={t('members.detail.openTransfer')} />}
          <Tabs
            items={[
              {
                key: 'basic',
                label: t('members.detail.tabs.basic'),
                children: (
                  <Descriptions bordered column={1} size="small">
                    <Descriptions.Item label={t('members.detail.name')}>{m.name}</Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.gender')}>
                      {t(`members.genders.${m.gender}`)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.birthDate')}>
                      {m.birthDate}（{m.age}）
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.ethnicity')}>
                      {m.ethnicity || '—'}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.idNumber')}>
                      <Space orientation="vertical">
                        <Typography.Text code>{m.idNumberMasked}</Typography.Text>
                        {access.canReadIdNumber && <FullIdNumber key={m.personId} personId={m.personId} />}
                      </Space>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.phone')}>
                      {m.phoneMasked || '—'}
                    </Descriptions.Item>
                  </Descriptions>
                ),
              },
              {
                key: 'party',
                label: t('members.detail.tabs.party'),
                children: (
                  <Descriptions bordered column={1} size="small">
                    <Descriptions.Item label={t('members.detail.category')}>
                      <Tag color={m.category === 'full' ? 'red' : 'gold'}>
                        {t(`members.categories.${m.category}`)}
                      </Tag>
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.status')}>
                      {t(`members.statuses.${m.status}`)}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.unit')}>{m.unitPath}</Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.joinedOn')}>{m.joinedOn}</Descriptions.Item>
                    {m.category === 'full' ? (
                      <Descriptions.Item label={t('members.detail.fullOn')}>
                        {m.fullOn ?? '—'}
                      </Descriptions.Item>
                    ) : (
                      <Descriptions.Item label={t('members.detail.conversionDueOn')}>
                        {m.conversionDueOn ?? '—'}
                      </Descriptions.Item>
                    )}
                    {m.probationExtensionMonths && (
                      <Descriptions.Item label={t('members.detail.extension')}>
                        {t('members.detail.extensionMonths', { months: m.probationExtensionMonths })}
                      </Descriptions.Item>
                    )}
                    <Descriptions.Item label={t('members.detail.education')}>
                      {m.education ? t(`members.educations.${m.education}`) : '—'}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.post')}>{m.post || '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.awaySince')}>
                      {m.awaySince ?? '—'}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.lastContactOn')}>
                      {m.lastContactOn ?? '—'}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('members.detail.flags')}>
                      {m.flags.mobile || m.flags.outOfContact || m.flags.conversion ? (
                        <FlagTags member={m} />
                      ) : (
                        t('members.detail.noFlags')
                      )}
                    </Descriptions.Item>
                  </Descriptions>
                ),
              },
              {
                key: 'history',
                label: t('members.detail.tabs.history'),
                children: (
                  <Space
                    orientation="vertical"
                    size="large"
                    style={{ width: '100%' }}
                    data-testid="member-history"
                  >
                    <div>
                      <Typography.Title level={5}>{t('members.detail.decisions')}</Typography.Title>
                      {m.decisions.length === 0 ? (
                        <Empty description={t('members.detail.noDecisions')} />
                      ) : (
                        <Table
                          rowKey="id"
                          size="small"
                          pagination={false}
                          dataSource={m.decisions}
                          columns={[
                            { title: t('members.decision.decidedOn'), dataIndex: 'decidedOn', width: 110 },
                            {
                              title: t('members.decision.kind'),
                              dataIndex: 'kind',
                              render: (kind: MemberDetail['decisions'][number]['kind'], d) =>
                                d.extensionMonths
                                  ? `${t(`members.decision.kinds.${kind}`)}（${t('members.detail.extensionMonths', { months: d.extensionMonths })}）`
                                  : t(`members.decision.kinds.${kind}`),
                            },
                            { title: t('members.decision.approver'), dataIndex: 'approver' },
                            {
                              title: t('members.decision.note'),
                              dataIndex: 'note',
                              render: (v: string | null) => v || '—',
                            },
                          ]}
                        />
                      )}
                    </div>
                    <div>
                      <Typography.Title level={5}>{t('members.detail.transfers')}</Typography.Title>
                      <TransferList transfers={m.transfers} />
                    </div>
                    <div>
                      <Typography.Title level={5}>{t('members.detail.events')}</Typography.Title>
                      {m.events.length === 0 ? (
                        <Empty description={t('members.detail.noEvents')} />
                      ) : (
                        <Timeline
                          items={m.events.map((event) => ({
                            key: event.id,
                            content: (
                              <Space orientation="vertical" size={0}>
                                <Typography.Text>{event.summary}</Typography.Text>
                                <EventChanges before={event.before} after={event.after} />
                                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                  {new Date(event.at).toLocaleString('zh-CN', { hour12: false })}
                                  {event.actorName
                                    ? ` · ${t('members.detail.by', { name: event.actorName })}`
                                    : ''}
                                </Typography.Text>
                              </Space>
                            ),
                          }))}
                        />
                      )}
                    </div>
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      )}
      {m && (
        <>
          <MemberFormModal
            open={dialog === 'edit'}
            member={m}
            onClose={() => setDialog(null)}
            onSaved={updated}
          />
          <DecisionModal
            open={dialog === 'decide'}
            member={m}
            onClose={() => setDialog(null)}
            onSaved={updated}
          />
          <TransferModal
            open={dialog === 'transfer'}
            member={m}
            onClose={() => setDialog(null)}
            onSent={(transfer) => {
              updated();
              message.success(t('members.transfer.sent', { letter: transfer.letterNumber }));
            }}
          />
        </>
      )}
    </Drawer>
  );
}
