import { Alert, Button, Checkbox, Form, Input, Rate, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../../web/api/client';
import { PortalShell, block } from './PortalShell';
import type { Tracked } from './types';

interface Query {
  code: string;
  last4: string;
}
interface Rating {
  score: number;
  reasons?: string[];
  comment?: string;
}

const when = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');
const stateColour: Record<string, string> = {
  submitted: 'blue',
  handling: 'processing',
  waiting: 'gold',
  replied: 'cyan',
  closed: 'green',
  rejected: 'default',
};

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 12, padding: '6px 0', borderBottom: '1px solid #f5f5f5' }}>
      <span style={{ color: '#8c8c8c', width: 72, flex: 'none' }}>{label}</span>
      <span style={{ flex: 1, minWidth: 0 }}>{children}</span>
    </div>
  );
}

/** /portal/track: a resident follows a case by code and phone digits, and rates the outcome. */
export default function TrackPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [query, setQuery] = useState<Query | null>(null);
  const [tracked, setTracked] = useState<Tracked | null>(null);
  const [busy, setBusy] = useState(false);
  const [justRated, setJustRated] = useState(false);
  const [rateForm] = Form.useForm<Rating>();
  const reasons = Form.useWatch('reasons', rateForm) ?? [];

  const search = async (values: Query) => {
    setBusy(true);
    try {
      const code = values.code.trim().toUpperCase();
      setTracked(
        await api.get<Tracked>(`/api/portal/track/${encodeURIComponent(code)}`, {
          query: { last4: values.last4 },
        }),
      );
      setQuery({ code, last4: values.last4 });
      setJustRated(false);
    } catch {
      setTracked(null);
    } finally {
      setBusy(false);
    }
  };

  const rate = async (values: Rating) => {
    if (!query || !tracked) return;
    setBusy(true);
    try {
      const next = await api.post<Tracked>(`/api/portal/track/${query.code}/rating`, {
        last4: query.last4,
        expectedVersion: tracked.version,
        score: values.score,
        reasons: values.reasons ?? [],
        comment: values.comment || undefined,
      });
      setTracked(next);
      setJustRated(true);
      rateForm.resetFields();
    } catch {
      // Shown by the central handler.
    } finally {
      setBusy(false);
    }
  };

  const notSolved = tracked?.notSolvedCode ? reasons.includes(tracked.notSolvedCode) : false;
  return (
    <PortalShell title={t('portal.track.title')}>
      <Form<Query>
        layout="vertical"
        requiredMark={false}
        onFinish={search}
        initialValues={{ code: params.get('code') ?? '' }}
        style={block}
      >
        <Form.Item
          name="code"
          label={t('portal.track.code')}
          rules={[{ required: true, message: t('portal.track.codePlaceholder') }]}
        >
          <Input
            maxLength={12}
            placeholder={t('portal.track.codePlaceholder')}
            style={{ textTransform: 'uppercase', letterSpacing: 1 }}
            data-testid="track-code"
          />
        </Form.Item>
        <Form.Item
          name="last4"
          label={t('portal.track.last4')}
          rules={[{ required: true, pattern: /^\d{4}$/, message: t('portal.track.last4') }]}
        >
          <Input inputMode="numeric" maxLength={4} data-testid="track-last4" />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={busy}
            data-testid="track-search"
          >
            {t('portal.track.search')}
          </Button>
        </Form.Item>
      </Form>
      {tracked && (
        <div style={{ ...block, paddingBottom: 12 }} data-testid="tracked">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            <Tag color="red">{tracked.kindName}</Tag>
            {tracked.title}
          </Typography.Title>
          <Row label={t('portal.track.state')}>
            <Tag color={stateColour[tracked.state]} data-testid="tracked-state">
              {tracked.stateName}
            </Tag>
          </Row>
          <Row label={t('portal.track.unit')}>{tracked.unitName}</Row>
          <Row label={t('portal.track.submittedAt')}>{when(tracked.createdAt)}</Row>
          {tracked.replyBy && <Row label={t('portal.track.replyBy')}>{when(tracked.replyBy)}</Row>}
          {tracked.photoCount > 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 13 }}>
              {t('portal.track.photos', { count: tracked.photoCount })}
            </Typography.Text>
          )}
          <Typography.Text strong style={{ display: 'block', margin: '14px 0 10px' }}>
            {t('portal.track.timeline')}
          </Typography.Text>
          <Timeline
            data-testid="tracked-timeline"
            items={[...tracked.timeline].reverse().map((e) => ({
              content: (
                <div>
                  <Typography.Text strong>{e.actionName}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12.5 }}>
                    {'　'}
                    {when(e.at)}
                  </Typography.Text>
                  <div style={{ color: '#595959', fontSize: 13 }}>{e.unitName}</div>
                  {e.note && <div style={{ whiteSpace: 'pre-wrap', marginTop: 2 }}>{e.note}</div>}
                </div>
              ),
            }))}
          />
          {justRated && (
            <Alert
              type="success"
              showIcon
              data-testid="rated"
              message={tracked.state === 'closed' ? t('portal.track.rated') : t('portal.track.reopened')}
              style={{ marginBottom: 8 }}
            />
          )}
          {tracked.rating !== null && !tracked.canRate && (
            <Typography.Text type="secondary">
              {t('portal.track.ratedScore', { score: tracked.rating })}
            </Typography.Text>
          )}
        </div>
      )}
      {tracked?.canRate && (
        <Form<Rating>
          form={rateForm}
          layout="vertical"
          requiredMark={false}
          onFinish={rate}
          style={block}
          data-testid="rate-form"
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('portal.track.rate')}
          </Typography.Title>
          <Form.Item
            name="score"
            label={t('portal.track.score')}
            rules={[{ required: true, message: t('portal.track.score') }]}
          >
            <Rate style={{ fontSize: 30 }} data-testid="rate-stars" />
          </Form.Item>
          <Form.Item name="reasons" label={t('portal.track.reasons')}>
            <Checkbox.Group
              options={tracked.ratingReasons.map((r) => ({ value: r.code, label: r.name }))}
              style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 8 }}
            />
          </Form.Item>
          <Form.Item
            name="comment"
            label={t('portal.track.comment')}
            rules={[{ required: notSolved, message: t('portal.track.commentRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} data-testid="rate-comment" />
          </Form.Item>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={busy}
              data-testid="rate-submit"
            >
              {t('portal.track.rateSubmit')}
            </Button>
          </Form.Item>
        </Form>
      )}
    </PortalShell>
  );
}
