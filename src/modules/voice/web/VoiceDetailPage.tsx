import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Image,
  Input,
  Modal,
  Popconfirm,
  Row,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { type AttachmentRef, AttachmentsField } from '../../../platform/files/web/AttachmentsField';
import { api } from '../../../web/api/client';
import { showFormError } from '../../../web/components/formErrors';
import { PageLoading } from '../../../web/components/PageLoading';
import { useSession } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';
import { kindColour, stateColour } from './colours';
import type { VoiceItemDetail } from './types';

type Action = VoiceItemDetail['actions'][number];
interface ActionValues {
  note?: string;
  unitId?: string;
  attachments?: AttachmentRef[];
  publish?: boolean;
}
interface PublishValues {
  title: string;
  question: string;
  reply: string;
}

const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

/** /voice/items/:id: the item, its timeline, the actions the viewer may take, and its publication. */
export default function VoiceDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const navigate = useNavigate();
  const { id } = useParams();
  const [detail, setDetail] = useState<VoiceItemDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [acting, setActing] = useState<Action | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionValues>();
  const [publishForm] = Form.useForm<PublishValues>();

  const load = useCallback(() => {
    api.get<VoiceItemDetail>(`/api/voice/items/${id}`).then(setDetail, () => setMissing(true));
  }, [id]);
  useEffect(load, [load]);

  if (missing) return <Empty description={t('voice.detail.notFound')} />;
  if (!detail) return <PageLoading />;
  const item = detail.item;
  const fileUrl = (fileId: string) => `/api/voice/items/${item.id}/files/${fileId}`;
  const lastReply = [...detail.events].reverse().find((e) => e.action === 'reply')?.note ?? '';

  const publish = async (values: PublishValues) => {
    const next = await api.post<VoiceItemDetail>(`/api/voice/items/${item.id}/publication`, values);
    setDetail(next);
    message.success(t('voice.detail.publishedOk'));
  };

  const submit = async () => {
    if (!acting) return;
    const values = await form.validateFields();
    setBusy(true);
    try {
      const next = await api.post<VoiceItemDetail | undefined>(`/api/voice/items/${item.id}/actions`, {
        action: acting.action,
        expectedVersion: item.version,
        note: values.note || undefined,
        unitId: values.unitId || undefined,
        attachmentIds: values.attachments?.map((a) => a.id),
      });
      setActing(null);
      form.resetFields();
      if (!next) {
        message.success(t('voice.detail.movedAway', { action: acting.name }));
        navigate('/voice/items');
        return;
      }
      message.success(t('voice.detail.done', { action: acting.name }));
      setDetail(next);
      if (values.publish && next.canPublish)
        await publish({ title: item.title, question: item.description, reply: values.note ?? '' });
    } catch (error) {
      showFormError(form, error);
      load(); // someone else may have acted first: show the current state
    } finally {
      setBusy(false);
    }
  };
  const needs = (key: string) => acting?.requires.includes(key) ?? false;
  const mayPublishAfterReply =
    acting?.action === 'reply' && item.consentToPublish && session.allowed('canPublishVoice');

  const openPublish = () => {
    publishForm.setFieldsValue({
      title: detail.publication?.title ?? item.title,
      question: detail.publication?.question ?? item.description,
      reply: detail.publication?.reply ?? lastReply,
    });
    setPublishing(true);
  };
  const savePublication = async () => {
    const values = await publishForm.validateFields();
    setBusy(true);
    try {
      await publish(values);
      setPublishing(false);
    } catch (error) {
      showFormError(publishForm, error);
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async () => {
    setDetail(await api.del<VoiceItemDetail>(`/api/voice/items/${item.id}/publication`));
    message.success(t('voice.detail.withdrawnOk'));
  };

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Link to="/voice/items">
        <ArrowLeftOutlined /> {t('voice.detail.back')}
      </Link>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={
              <Space wrap>
                <Tag color={kindColour[item.kind]}>{item.kindName}</Tag>
                <span data-testid="voice-title">{item.title}</span>
                <Tag color={stateColour[item.state]} data-testid="voice-state-tag">
                  {item.stateName}
                </Tag>
                {item.overdue && <Tag color="red">{t('voice.list.overdue')}</Tag>}
              </Space>
            }
          >
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('voice.list.code')}>{item.code}</Descriptions.Item>
              <Descriptions.Item label={t('voice.list.unit')}>{item.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('voice.detail.submitter')}>
                <span data-testid="voice-submitter">
                  {item.identityVisible
                    ? [item.submitterName, item.submitterContactMasked].filter(Boolean).join('　') || '—'
                    : t('voice.detail.hidden')}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('voice.detail.area')}>
                {String(item.details.areaName ?? '—')}
              </Descriptions.Item>
              <Descriptions.Item label={t('voice.list.createdAt')}>{when(item.createdAt)}</Descriptions.Item>
              <Descriptions.Item label={t('voice.list.replyBy')}>
                {item.closedAt ? '—' : when(item.closeBy)}
              </Descriptions.Item>
              <Descriptions.Item label={t('voice.detail.consent')}>
                {item.consentToPublish ? t('voice.detail.consentYes') : t('voice.detail.consentNo')}
              </Descriptions.Item>
              <Descriptions.Item label={t('voice.detail.rating')}>
                {item.rating === null ? '—' : t('voice.detail.stars', { score: item.rating })}
              </Descriptions.Item>
              <Descriptions.Item label={t('voice.detail.content')} span={2}>
                <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                  {item.description || '—'}
                </Typography.Paragraph>
              </Descriptions.Item>
              {item.attachmentIds.length > 0 && (
                <Descriptions.Item label={t('voice.detail.photos')} span={2}>
                  <Image.PreviewGroup>
                    <Space wrap>
                      {item.attachmentIds.map((fileId) => (
                        <Image
                          key={fileId}
                          src={fileUrl(fileId)}
                          width={88}
                          height={88}
                          style={{ objectFit: 'cover' }}
                        />
                      ))}
                    </Space>
                  </Image.PreviewGroup>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card size="small" title={t('voice.detail.actions')} style={{ marginTop: 12 }}>
            {detail.actions.length === 0 ? (
              <Typography.Text type="secondary">{t('voice.detail.noActions')}</Typography.Text>
            ) : (
              <Space wrap>
                {detail.actions.map((action) => (
                  <Button
                    key={action.action}
                    type={action.action === 'route' || action.action === 'reply' ? 'primary' : 'default'}
                    onClick={() => setActing(action)}
                    data-testid={`action-${action.action}`}
                  >
                    {action.name}
                  </Button>
                ))}
              </Space>
            )}
          </Card>
          <Card
            size="small"
            title={t('voice.detail.publication')}
            style={{ marginTop: 12 }}
            extra={
              <Space>
                {detail.canPublish && (
                  <Button size="small" type="primary" ghost onClick={openPublish} data-testid="publish">
                    {item.published ? t('voice.detail.republish') : t('voice.detail.publish')}
                  </Button>
                )}
                {item.published && detail.canPublish && (
                  <Popconfirm title={t('voice.detail.withdrawConfirm')} onConfirm={withdraw}>
                    <Button size="small" danger>
                      {t('voice.detail.withdraw')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            }
          >
            {detail.publication ? (
              <Space direction="vertical" size={4} data-testid="publication">
                <Typography.Text type="secondary">
                  {detail.publication.withdrawn
                    ? t('voice.detail.withdrawn')
                    : t('voice.detail.published', { at: when(detail.publication.publishedAt) })}
                </Typography.Text>
                <Typography.Text strong>{detail.publication.title}</Typography.Text>
                <Typography.Text>{detail.publication.question}</Typography.Text>
                <Typography.Text>{detail.publication.reply}</Typography.Text>
              </Space>
            ) : (
              <Typography.Text type="secondary">
                {item.consentToPublish ? t('voice.detail.notPublished') : t('voice.detail.noConsent')}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('voice.detail.timeline')}>
            <Timeline
              data-testid="voice-timeline"
              items={detail.events.map((e) => ({
                color: e.action === 'escalate' ? 'red' : e.action === 'rate' ? 'green' : 'blue',
                content: (
                  <div>
                    <Typography.Text strong>{e.actionName}</Typography.Text>
                    <Typography.Text type="secondary">
                      {'　'}
                      {when(e.at)}　{e.unitName}　{e.actorName ?? t('voice.detail.system')}
                    </Typography.Text>
                    {typeof e.payload.rating === 'number' && (
                      <div>{t('voice.detail.stars', { score: e.payload.rating })}</div>
                    )}
                    {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                    {e.attachmentIds.length > 0 && (
                      <Space size={8} style={{ display: 'flex' }}>
                        {e.attachmentIds.map((fileId, i) => (
                          <a key={fileId} href={fileUrl(fileId)} target="_blank" rel="noreferrer">
                            {t('voice.detail.attachments')} {i + 1}
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
        title={acting ? t('voice.detail.confirm', { action: acting.name }) : ''}
        onCancel={() => setActing(null)}
        onOk={submit}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {acting?.action === 'return' && detail.routedFromUnitName && (
            <Typography.Paragraph type="secondary">
              {t('voice.detail.returnTo', { unit: detail.routedFromUnitName })}
            </Typography.Paragraph>
          )}
          {needs('unit') && acting?.action !== 'return' && (
            <Form.Item name="unitId" label={t('voice.detail.unitTarget')} rules={[{ required: true }]}>
              <UnitSelect data-testid="action-unit" />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={
              acting?.action === 'reply'
                ? t('voice.detail.replyText')
                : needs('reason')
                  ? t('voice.detail.reason')
                  : t('voice.detail.note')
            }
            rules={[{ required: needs('note') || needs('reason') }]}
          >
            <Input.TextArea
              rows={acting?.action === 'reply' ? 5 : 3}
              maxLength={2000}
              data-testid="action-note"
            />
          </Form.Item>
          {acting?.action === 'reply' && (
            <Form.Item name="attachments" label={t('voice.detail.attachments')}>
              <AttachmentsField unitId={item.unitId} />
            </Form.Item>
          )}
          {mayPublishAfterReply && (
            <Form.Item name="publish" label={t('voice.detail.publishAfterReply')} valuePropName="checked">
              <Switch data-testid="action-publish" />
            </Form.Item>
          )}
        </Form>
      </Modal>
      <Modal
        open={publishing}
        title={t('voice.detail.publish')}
        onCancel={() => setPublishing(false)}
        onOk={savePublication}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={publishForm} layout="vertical">
          <Form.Item name="title" label={t('voice.detail.publishTitle')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="question" label={t('voice.detail.publishQuestion')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="reply" label={t('voice.detail.publishReply')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
