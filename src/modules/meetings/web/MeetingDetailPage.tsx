import { CheckOutlined, EditOutlined, RollbackOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../../web/api/client';
import { PageLoading } from '../../../web/components/PageLoading';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../web/session';
import { type MeetingDetail, rectificationStatuses, reviewGrades, statusColors } from './types';

type Rectification = MeetingDetail['rectifications'][number];

/** Asks for a reason, then runs the action (send back, void). */
function ReasonModal(props: {
  open: boolean;
  title: string;
  label: string;
  onClose: () => void;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const { saving, submit } = useFormSubmit(form, async ({ reason }) => {
    await props.onSubmit(reason);
    props.onClose();
  });
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={props.label}
          rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
        >
          <Input.TextArea rows={3} data-testid="reason-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Adds a rectification item or updates one's progress. */
function RectificationModal(props: {
  meetingId: string;
  item: Rectification | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    description: string;
    responsible: string;
    dueOn: Dayjs;
    status?: string;
    completionNote?: string;
    completedOn?: Dayjs | null;
  }>();
  useEffect(() => {
    if (!props.open) return;
    form.setFieldsValue(
      props.item
        ? {
            description: props.item.description,
            responsible: props.item.responsible,
            dueOn: dayjs(props.item.dueOn),
            status: props.item.status,
            completionNote: props.item.completionNote ?? undefined,
            completedOn: props.item.completedOn ? dayjs(props.item.completedOn) : null,
          }
        : { status: 'open' },
    );
  }, [props.open, props.item, form]);
  const status = Form.useWatch('status', form);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const base = {
      description: values.description,
      responsible: values.responsible,
      dueOn: values.dueOn.format('YYYY-MM-DD'),
    };
    if (props.item) {
      await api.patch(`/api/meetings/rectifications/${props.item.id}`, {
        ...base,
        status: values.status,
        completionNote: values.completionNote || null,
        completedOn: values.completedOn ? values.completedOn.format('YYYY-MM-DD') : null,
      });
    } else {
      await api.post(`/api/meetings/${props.meetingId}/rectifications`, base);
    }
    props.onSaved();
    props.onClose();
  });
  return (
    <Modal
      open={props.open}
      title={props.item ? t('meetings.detail.updateProgress') : t('meetings.detail.addRectification')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="description"
          label={t('meetings.detail.rectification')}
          rules={[{ required: true, whitespace: true, max: 500 }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item
          name="responsible"
          label={t('meetings.detail.responsible')}
          rules={[{ required: true, whitespace: true, max: 50 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="dueOn" label={t('meetings.detail.dueOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        {props.item && (
          <>
            <Form.Item name="status" label={t('meetings.fields.status')}>
              <Select
                options={rectificationStatuses.map((s) => ({
                  value: s,
                  label: t(`meetings.rectificationStatuses.${s}`),
                }))}
              />
            </Form.Item>
            <Form.Item
              name="completionNote"
              label={t('meetings.detail.completionNote')}
              rules={[{ required: status === 'done', max: 1000 }]}
            >
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item
              name="completedOn"
              label={t('meetings.detail.completedOn')}
              rules={[{ required: status === 'done' }]}
            >
              <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** The 民主评议 grades of the members who took part, editable by the organisation's clerks. */
function GradesCard({ meeting, onSaved }: { meeting: MeetingDetail; onSaved: (m: MeetingDetail) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const access = useAccess();
  const editable = access.canWriteMeetings && meeting.status !== 'voided';
  const initial = Object.fromEntries(meeting.grades.map((g) => [g.memberId, g.grade]));
  const [grades, setGrades] = useState<Record<string, string>>(initial);
  const [saving, setSaving] = useState(false);
  const rows = meeting.attendance.map((a) => ({ memberId: a.memberId, name: a.name }));
  return (
    <Card size="small" title={t('meetings.detail.grades')} style={{ marginTop: 16 }}>
      <Table
        rowKey="memberId"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('meetings.detail.member'), dataIndex: 'name', width: 160 },
          {
            title: t('meetings.detail.grade'),
            render: (_, row) =>
              editable ? (
                <Select
                  style={{ width: 140 }}
                  allowClear
                  value={grades[row.memberId]}
                  onChange={(value) => setGrades({ ...grades, [row.memberId]: value })}
                  options={reviewGrades.map((g) => ({ value: g, label: t(`meetings.grades.${g}`) }))}
                />
              ) : grades[row.memberId] ? (
                t(`meetings.grades.${grades[row.memberId]}`)
              ) : (
                '—'
              ),
          },
        ]}
      />
      {editable && (
        <Button
          style={{ marginTop: 12 }}
          loading={saving}
          onClick={async () => {
            setSaving(true);
            try {
              const saved = await api.put<MeetingDetail>(`/api/meetings/${meeting.id}/grades`, {
                grades: Object.entries(grades)
                  .filter(([, grade]) => grade)
                  .map(([memberId, grade]) => ({ memberId, grade })),
              });
              message.success(t('meetings.detail.gradesSaved'));
              onSaved(saved);
            } catch {
              // Shown by the central handler.
            } finally {
              setSaving(false);
            }
          }}
        >
          {t('meetings.detail.saveGrades')}
        </Button>
      )}
    </Card>
  );
}

/** One meeting record: details, attendance, files, history, review and the kind's extra lists. */
export default function MeetingDetailPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const access = useAccess();
  const navigate = useNavigate();
  const { id } = useParams();
  const [meeting, setMeeting] = useState<MeetingDetail | null>(null);
  const [reasonFor, setReasonFor] = useState<'return' | 'void' | null>(null);
  const [rectification, setRectification] = useState<{ item: Rectification | null } | null>(null);
  const [approving, setApproving] = useState(false);

  const load = useCallback(() => {
    if (id)
      api
        .get<MeetingDetail>(`/api/meetings/${id}`)
        .then(setMeeting)
        .catch(() => undefined);
  }, [id]);
  useEffect(load, [load]);

  if (!meeting) return <PageLoading />;
  const total = meeting.expectedFull + meeting.expectedProbationary;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>{meeting.topic}</span>
            <Tag color={statusColors[meeting.status]} data-testid="meeting-status">
              {t(`meetings.statuses.${meeting.status}`)}
            </Tag>
          </Space>
        }
        extra={
          <Space>
            {meeting.allowed.edit && (
              <Button
                icon={<EditOutlined />}
                onClick={() => navigate(`/meetings/records/${meeting.id}/edit`)}
              >
                {t('meetings.detail.edit')}
              </Button>
            )}
            {meeting.allowed.void && (
              <Button danger icon={<StopOutlined />} onClick={() => setReasonFor('void')}>
                {t('meetings.detail.void')}
              </Button>
            )}
            {meeting.allowed.review && (
              <>
                <Button
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={approving}
                  data-testid="approve"
                  onClick={async () => {
                    setApproving(true);
                    try {
                      setMeeting(
                        await api.post<MeetingDetail>(`/api/meetings/${meeting.id}/review`, {
                          decision: 'approve',
                        }),
                      );
                      message.success(t('meetings.detail.approved'));
                    } catch {
                      // Shown by the central handler.
                    } finally {
                      setApproving(false);
                    }
                  }}
                >
                  {t('meetings.detail.approve')}
                </Button>
                <Button
                  icon={<RollbackOutlined />}
                  onClick={() => setReasonFor('return')}
                  data-testid="return"
                >
                  {t('meetings.detail.return')}
                </Button>
              </>
            )}
          </Space>
        }
      >
        {meeting.status === 'returned' && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('meetings.detail.returnedAlert', { reason: meeting.statusReason })}
          />
        )}
        {meeting.status === 'voided' && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={`${t('meetings.detail.voided')}：${meeting.statusReason ?? ''}`}
          />
        )}
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('meetings.fields.unit')}>{meeting.pathNames}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.kind')}>
            {t(`meetings.kinds.${meeting.kind}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.heldOn')}>{meeting.heldOn}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.place')}>{meeting.place}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.host')}>{meeting.host}</Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.createdBy')}>
            {meeting.createdByName ?? '—'}
          </Descriptions.Item>
          {meeting.reportingUnitName && (
            <Descriptions.Item label={t('meetings.fields.reportingUnit')}>
              {meeting.reportingUnitName}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('meetings.fields.attendance')} span={2}>
            <Space wrap data-testid="attendance-counts">
              <span>
                {t('meetings.fields.full')} {meeting.presentFull}/{meeting.expectedFull}
              </span>
              <span>
                {t('meetings.fields.probationary')} {meeting.presentProbationary}/
                {meeting.expectedProbationary}
              </span>
              {total > 0 && (
                <span>
                  {t('meetings.fields.attendanceRate')} {meeting.attendanceRate}%
                </span>
              )}
              {meeting.quorumMet !== null && (
                <Tag color={meeting.quorumMet ? 'success' : 'warning'} data-testid="quorum">
                  {meeting.quorumMet ? t('meetings.detail.quorumMet') : t('meetings.detail.quorumNotMet')}
                </Tag>
              )}
            </Space>
          </Descriptions.Item>
          {meeting.guests && (
            <Descriptions.Item label={t('meetings.fields.guests')} span={2}>
              {meeting.guests}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('meetings.fields.minutes')} span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {meeting.minutes ?? '—'}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.photos')} span={2}>
            {meeting.photos.length === 0 ? (
              t('meetings.detail.noFiles')
            ) : (
              <Image.PreviewGroup>
                <Space wrap data-testid="meeting-photos">
                  {meeting.photos.map((file) => (
                    <Image
                      key={file.id}
                      src={file.url}
                      width={96}
                      height={72}
                      style={{ objectFit: 'cover' }}
                      alt={file.name}
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('meetings.fields.signInSheets')} span={2}>
            {meeting.signInSheets.length === 0 ? (
              t('meetings.detail.noFiles')
            ) : (
              <Space wrap>
                {meeting.signInSheets.map((file) => (
                  <Typography.Link key={file.id} href={file.url} target="_blank">
                    {file.name}
                  </Typography.Link>
                ))}
              </Space>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={t('meetings.fields.attendance')}>
        {meeting.attendance.length === 0 ? (
          <Typography.Text type="secondary">
            {total > 0 ? t('meetings.detail.noAttendanceList') : '—'}
          </Typography.Text>
        ) : (
          <Table
            rowKey="memberId"
            size="small"
            pagination={meeting.attendance.length > 20 ? { pageSize: 20 } : false}
            dataSource={meeting.attendance}
            data-testid="attendance-table"
            columns={[
              { title: t('meetings.detail.member'), dataIndex: 'name', width: 140 },
              {
                title: t('meetings.fields.category'),
                dataIndex: 'category',
                width: 120,
                render: (category: string) => t(`meetings.fields.${category}`),
              },
              {
                title: t('meetings.fields.attendance'),
                dataIndex: 'present',
                width: 100,
                render: (present: boolean) =>
                  present ? (
                    <Tag color="success">{t('meetings.fields.present')}</Tag>
                  ) : (
                    <Tag>{t('meetings.fields.absent')}</Tag>
                  ),
              },
              {
                title: t('meetings.form.absenceReason'),
                dataIndex: 'absenceReason',
                render: (r: string | null) => r ?? '',
              },
            ]}
          />
        )}
      </Card>

      {meeting.kind === 'lifeMeeting' && (
        <Card
          size="small"
          title={t('meetings.detail.rectifications')}
          extra={
            access.canWriteMeetings &&
            meeting.status !== 'voided' && (
              <Button size="small" onClick={() => setRectification({ item: null })}>
                {t('meetings.detail.addRectification')}
              </Button>
            )
          }
        >
          <Table<Rectification>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={meeting.rectifications}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
            columns={[
              { title: t('meetings.detail.rectification'), dataIndex: 'description' },
              { title: t('meetings.detail.responsible'), dataIndex: 'responsible', width: 100 },
              {
                title: t('meetings.detail.dueOn'),
                dataIndex: 'dueOn',
                width: 150,
                render: (due: string, item) => (
                  <Space>
                    {due}
                    {item.overdue && <Tag color="error">{t('meetings.detail.overdueTag')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('meetings.fields.status'),
                dataIndex: 'status',
                width: 100,
                render: (status: string) => t(`meetings.rectificationStatuses.${status}`),
              },
              {
                title: t('meetings.detail.completionNote'),
                dataIndex: 'completionNote',
                render: (n: string | null) => n ?? '',
              },
              {
                title: t('common.actions'),
                width: 100,
                render: (_, item) =>
                  access.canWriteMeetings && (
                    <Button size="small" type="link" onClick={() => setRectification({ item })}>
                      {t('meetings.detail.updateProgress')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      )}
      {meeting.kind === 'memberReview' && <GradesCard meeting={meeting} onSaved={setMeeting} />}

      <Card size="small" title={t('meetings.fields.history')}>
        <Timeline
          items={meeting.events.map((event) => ({
            key: event.id,
            content: (
              <span>
                {dayjs(event.at).format('YYYY-MM-DD HH:mm')} {event.actorName ?? ''}{' '}
                {t(`meetings.actions.${event.action}`)}
                {event.reason ? `：${event.reason}` : ''}
              </span>
            ),
          }))}
        />
      </Card>

      <ReasonModal
        open={reasonFor !== null}
        title={reasonFor === 'void' ? t('meetings.detail.voidTitle') : t('meetings.detail.returnTitle')}
        label={reasonFor === 'void' ? t('meetings.detail.voidReason') : t('meetings.detail.returnReason')}
        onClose={() => setReasonFor(null)}
        onSubmit={async (reason) => {
          const url =
            reasonFor === 'void' ? `/api/meetings/${meeting.id}/void` : `/api/meetings/${meeting.id}/review`;
          const body = reasonFor === 'void' ? { reason } : { decision: 'return', reason };
          setMeeting(await api.post<MeetingDetail>(url, body));
        }}
      />
      <RectificationModal
        meetingId={meeting.id}
        item={rectification?.item ?? null}
        open={rectification !== null}
        onClose={() => setRectification(null)}
        onSaved={load}
      />
    </Space>
  );
}
