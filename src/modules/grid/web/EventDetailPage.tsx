import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { AttachmentsField, type AttachmentRef } from '../../../platform/files/web/AttachmentsField';
import { api } from '../../../web/api/client';
import { showFormError } from '../../../web/components/formErrors';
import { PageLoading } from '../../../web/components/PageLoading';
import { UnitSelect } from '../../orgs/web/UnitSelect';
import { DispatchHint } from './events/DispatchHint';
import { EventPhotos } from './events/EventPhotos';
import { SupervisionCard } from './events/SupervisionCard';
import { RepeatsCard } from './RepeatsCard';
import type { GridEventDetail } from './types';

type Action = GridEventDetail['actions'][number];
interface ActionValues {
  note?: string;
  unitId?: string;
  attachments?: AttachmentRef[];
}

const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

/** /grid/events/:id: the event, its full timeline, and the actions the viewer may take now. */
export default function EventDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { id } = useParams();
  const navigate = useNavigate();
  const [detail, setDetail] = useState<GridEventDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [acting, setActing] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionValues>();

  const [categories, setCategories] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    api
      .get<Array<{ key: string; name: string; children: Array<{ key: string; name: string }> }>>(
        '/api/grid/event-categories',
      )
      .then(
        (tree) =>
          setCategories(
            new Map(
              tree.flatMap((top) => [
                [top.key, top.name] as const,
                ...top.children.map((c) => [c.key, `${top.name} / ${c.name}`] as const),
              ]),
            ),
          ),
        () => undefined,
      );
  }, []);

  const load = useCallback(() => {
    api.get<GridEventDetail>(`/api/grid/events/${id}`).then(setDetail, () => setMissing(true));
  }, [id]);
  useEffect(load, [load]);

  if (missing) return <Empty description={t('grid.detail.notFound')} />;
  if (!detail) return <PageLoading />;
  const event = detail.case;

  const submit = async () => {
    if (!acting) return;
    const values = await form.validateFields();
    setBusy(true);
    try {
      const after = await api.post<GridEventDetail | undefined>(`/api/grid/events/${event.id}/actions`, {
        action: acting.action,
        expectedVersion: event.version,
        note: values.note || undefined,
        unitId: values.unitId || undefined,
        attachmentIds: values.attachments?.map((a) => a.id),
      });
      message.success(t('grid.detail.done', { action: acting.name }));
      setActing(null);
      form.resetFields();
      // 204: handed out of the viewer's scope (returned, dispatched elsewhere): back to the list.
      if (after === undefined) navigate('/grid/events');
      else setDetail(after);
    } catch (error) {
      showFormError(form, error);
      load(); // someone else may have acted first: show the current state
    } finally {
      setBusy(false);
    }
  };
  const needs = (key: string) => acting?.requires.includes(key) ?? false;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Link to="/grid/events">
        <ArrowLeftOutlined /> {t('grid.detail.back')}
      </Link>
      <Row gutter={12}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={
              <Space wrap>
                <span data-testid="event-title">{event.title}</span>
                <Tag color="blue" data-testid="event-state">
                  {event.stateName}
                </Tag>
                {event.overdue && <Tag color="red">{t('grid.events.overdue')}</Tag>}
                {event.escalationLevel > 0 && (
                  <Tag color="volcano">{t('grid.events.escalated', { level: event.escalationLevel })}</Tag>
                )}
              </Space>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('grid.events.code')}>{event.code}</Descriptions.Item>
              <Descriptions.Item label={t('grid.events.grid')}>
                {event.details.gridName ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('grid.events.category')}>
                {event.category ? (categories.get(event.category) ?? event.category) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('grid.detail.reporter')}>
                {event.identityVisible
                  ? [event.submitterName, event.submitterContactMasked].filter(Boolean).join('　') || '—'
                  : t('grid.detail.hidden')}
              </Descriptions.Item>
              <Descriptions.Item label={t('grid.events.createdAt')}>
                {when(event.createdAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('grid.detail.closeBy')}>{when(event.closeBy)}</Descriptions.Item>
              {event.rating !== null && (
                <Descriptions.Item label={t('grid.detail.rating')}>
                  {t('grid.detail.stars', { score: event.rating })}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('grid.detail.description')} span={2}>
                {event.description || '—'}
              </Descriptions.Item>
              {event.attachmentIds.length > 0 && (
                <Descriptions.Item label={t('gridEvents.photos')} span={2}>
                  <EventPhotos ids={event.attachmentIds} />
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <RepeatsCard eventId={event.id} linked={event.repeatOfId !== null} onLinked={load} />
          <SupervisionCard events={detail.events} />
          <Card size="small" title={t('grid.detail.actions')} style={{ marginTop: 12 }}>
            {detail.actions.length === 0 ? (
              <Typography.Text type="secondary">{t('grid.detail.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {detail.actions.map((action) => (
                  <Button
                    key={action.action}
                    onClick={() => setActing(action)}
                    data-testid={`action-${action.action}`}
                  >
                    {action.name}
                  </Button>
                ))}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('grid.detail.timeline')}>
            <Timeline
              data-testid="event-timeline"
              items={detail.events.map((e) => ({
                color: e.action === 'escalate' ? 'red' : 'blue',
                content: (
                  <div>
                    <Typography.Text strong>{e.actionName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {'　'}
                      {when(e.at)}　{e.actorName ?? t('grid.detail.system')}
                    </Typography.Text>
                    {e.note && <div>{e.note}</div>}
                    {e.attachmentIds.length > 0 && (
                      <Space size={8}>
                        {e.attachmentIds.map((fileId, i) => (
                          <a key={fileId} href={`/api/files/${fileId}`} target="_blank" rel="noreferrer">
                            {t('grid.detail.attachments')} {i + 1}
                          </a>
                        ))}
                      </Space>
                    )}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={acting !== null}
        title={acting ? t('grid.detail.confirm', { action: acting.name }) : ''}
        onCancel={() => setActing(null)}
        onOk={submit}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {needs('unit') && (
            <Form.Item name="unitId" label={t('grid.detail.unitTarget')} rules={[{ required: true }]}>
              <UnitSelect data-testid="action-unit" />
            </Form.Item>
          )}
          {acting?.action === 'dispatch' && (
            <Form.Item>
              <DispatchHint categoryKey={event.category} />
            </Form.Item>
          )}
          {(needs('note') || needs('reason') || acting) && (
            <Form.Item
              name="note"
              label={needs('reason') ? t('grid.detail.reason') : t('grid.detail.note')}
              rules={[{ required: needs('note') || needs('reason') }]}
            >
              <Input.TextArea rows={3} maxLength={1000} data-testid="action-note" />
            </Form.Item>
          )}
          {needs('attachments') && (
            <Form.Item name="attachments" label={t('grid.detail.attachments')} rules={[{ required: true }]}>
              <AttachmentsField unitId={event.unitId} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
