import { Button, Checkbox, Form, Input, Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../../web/api/client';
import NotFoundPage from '../../../web/pages/NotFoundPage';
import {
  CaptchaField,
  type CaptchaHandle,
  type CaptchaValue,
  PhotosField,
  PositionField,
  type PositionValue,
} from './fields';
import { PortalShell, block } from './PortalShell';
import type { EventCategory, PortalInfo } from './types';

interface Values {
  categoryKey?: string;
  title: string;
  content: string;
  position?: PositionValue;
  photoIds?: string[];
  name?: string;
  phone: string;
  consentToPublish?: boolean;
  captcha?: CaptchaValue;
}

const voiceKinds = ['idea', 'need', 'question'];

/** /portal/report and /portal/voice/:kind: a resident reports an event or submits a 三问 item. */
export default function SubmitPage({ mode }: { mode: 'event' | 'voice' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { kind } = useParams();
  const [form] = Form.useForm<Values>();
  const captcha = useRef<CaptchaHandle>(null);
  const [info, setInfo] = useState<PortalInfo>({ eventsAvailable: true, maxPhotos: 5, photoMaxMb: 5 });
  const [categories, setCategories] = useState<EventCategory[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<PortalInfo>('/api/portal/info').then(setInfo, () => undefined);
    if (mode === 'event')
      api.get<EventCategory[]>('/api/portal/event-categories').then(setCategories, () => undefined);
  }, [mode]);

  if (mode === 'voice' && !voiceKinds.includes(kind ?? '')) return <NotFoundPage />;
  const title = mode === 'event' ? t('portal.form.titleEvent') : t(`portal.home.${kind}`);

  const submit = async (values: Values) => {
    setBusy(true);
    const common = {
      captchaId: values.captcha?.id,
      captchaAnswer: values.captcha?.answer,
      name: values.name || undefined,
      phone: values.phone,
      photoIds: values.photoIds ?? [],
      ...values.position,
    };
    try {
      const result =
        mode === 'event'
          ? await api.post<{ code: string; kindName: string }>('/api/portal/events', {
              ...common,
              categoryKey: values.categoryKey,
              title: values.title,
              description: values.content,
            })
          : await api.post<{ code: string; kindName: string }>('/api/portal/voice', {
              ...common,
              kind,
              title: values.title,
              content: values.content,
              consentToPublish: values.consentToPublish ?? false,
            });
      navigate(`/portal/done/${result.code}`, { state: { kindName: result.kindName } });
    } catch {
      // The message is shown by the central handler; every picture is good for one try only.
      captcha.current?.refresh();
    } finally {
      setBusy(false);
    }
  };

  const required = (field: string) => [{ required: true, message: t('portal.form.required', { field }) }];
  return (
    <PortalShell title={title}>
      <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} style={block}>
        {mode === 'event' && (
          <Form.Item
            name="categoryKey"
            label={t('portal.form.category')}
            rules={required(t('portal.form.category'))}
          >
            <Select
              showSearch
              optionFilterProp="label"
              placeholder={t('portal.form.categoryPlaceholder')}
              options={categories.map((c) => ({ value: c.key, label: c.name }))}
              data-testid="category"
            />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('portal.form.subject')} rules={required(t('portal.form.subject'))}>
          <Input maxLength={60} placeholder={t('portal.form.subjectPlaceholder')} data-testid="subject" />
        </Form.Item>
        <Form.Item name="content" label={t('portal.form.content')} rules={required(t('portal.form.content'))}>
          <Input.TextArea
            rows={4}
            maxLength={2000}
            showCount
            placeholder={
              mode === 'event'
                ? t('portal.form.contentPlaceholderEvent')
                : t('portal.form.contentPlaceholderVoice')
            }
            data-testid="content"
          />
        </Form.Item>
        <Form.Item
          name="position"
          label={t('portal.form.position')}
          rules={
            mode === 'event'
              ? [
                  {
                    validator: (_, v?: PositionValue) =>
                      v?.areaUnitId || v?.lat !== undefined
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('portal.form.areaRequired'))),
                  },
                ]
              : []
          }
        >
          <PositionField />
        </Form.Item>
        <Form.Item
          name="photoIds"
          label={t('portal.form.photos', { max: info.maxPhotos, mb: info.photoMaxMb })}
        >
          <PhotosField max={info.maxPhotos} maxMb={info.photoMaxMb} />
        </Form.Item>
        <Form.Item name="name" label={t('portal.form.name')}>
          <Input maxLength={40} autoComplete="name" data-testid="name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('portal.form.phone')}
          extra={t('portal.form.phoneHint')}
          rules={[{ required: true, pattern: /^1\d{10}$/, message: t('portal.form.phoneInvalid') }]}
        >
          <Input inputMode="tel" maxLength={11} autoComplete="tel" data-testid="phone" />
        </Form.Item>
        {mode === 'voice' && (
          <Form.Item name="consentToPublish" valuePropName="checked">
            <Checkbox data-testid="consent">{t('portal.form.consent')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item
          name="captcha"
          label={t('portal.form.captcha')}
          // A new picture empties the answer: say so only when the resident leaves the box or submits.
          validateTrigger="onBlur"
          rules={[
            {
              validator: (_, v?: CaptchaValue) =>
                v?.answer
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('portal.form.captchaPlaceholder'))),
            },
          ]}
        >
          <CaptchaField ref={captcha} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="submit">
            {t('portal.form.submit')}
          </Button>
        </Form.Item>
      </Form>
    </PortalShell>
  );
}
