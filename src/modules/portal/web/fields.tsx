// Form fields of the portal's submission forms: captcha picture with refresh, photos, and position
// (the phone's location, or a 苏木镇 / 嘎查 picked from a list).
import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Cascader, Input, Typography, Upload, type UploadFile } from 'antd';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, upload } from '../../../web/api/client';
import type { Area } from './types';

export interface CaptchaValue {
  id: string;
  answer: string;
}
export interface CaptchaHandle {
  /** Fetches a new picture (after every submission: each picture is good for one try). */
  refresh(): void;
}

/** The captcha picture, tap to change, and the answer box. */
export const CaptchaField = forwardRef<
  CaptchaHandle,
  { value?: CaptchaValue; onChange?: (v: CaptchaValue) => void; onBlur?: () => void }
>(function CaptchaField({ value, onChange, onBlur }, ref) {
  const { t } = useTranslation();
  const [image, setImage] = useState<string | null>(null);
  const refresh = useCallback(() => {
    api.get<{ id: string; image: string }>('/api/portal/captcha').then(
      (next) => {
        setImage(next.image);
        onChange?.({ id: next.id, answer: '' });
      },
      () => undefined,
    );
  }, [onChange]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one picture on first render; later ones on demand.
  useEffect(refresh, []);
  useImperativeHandle(ref, () => ({ refresh }), [refresh]);
  return (
    <div>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
        <Input
          inputMode="numeric"
          maxLength={5}
          placeholder={t('portal.form.captchaPlaceholder')}
          value={value?.answer ?? ''}
          onChange={(e) => onChange?.({ id: value?.id ?? '', answer: e.target.value.trim() })}
          onBlur={onBlur}
          style={{ flex: 1, minWidth: 0 }}
          data-testid="captcha-answer"
        />
        <button
          type="button"
          onClick={refresh}
          style={{ border: 0, padding: 0, background: 'none', cursor: 'pointer', height: 44 }}
          aria-label={t('portal.form.captchaRefresh')}
          data-testid="captcha-image"
          data-captcha-id={value?.id ?? ''}
        >
          {image && (
            <img src={image} alt={t('portal.form.captcha')} style={{ height: 44, borderRadius: 4 }} />
          )}
        </button>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('portal.form.captchaRefresh')}
      </Typography.Text>
    </div>
  );
});

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];

/** Up to `max` photos, each uploaded as soon as it is picked; the value is the uploaded ids. */
export function PhotosField({
  value,
  onChange,
  max,
  maxMb,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  max: number;
  maxMb: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  useEffect(() => {
    if ((value ?? []).length === 0 && files.some((f) => f.status === 'done')) setFiles([]);
  }, [value, files]);
  const publish = (next: UploadFile[]) => {
    setFiles(next);
    onChange?.(next.flatMap((f) => (f.status === 'done' && f.response?.id ? [f.response.id as string] : [])));
  };
  return (
    <Upload
      listType="picture-card"
      accept={PHOTO_TYPES.join(',')}
      fileList={files}
      maxCount={max}
      beforeUpload={(file) => {
        if (!PHOTO_TYPES.includes(file.type)) {
          message.error(t('portal.form.photoType'));
          return Upload.LIST_IGNORE;
        }
        if (file.size > maxMb * 1024 * 1024) {
          message.error(t('portal.form.photoTooBig', { name: file.name, mb: maxMb }));
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onProgress, onSuccess, onError }) => {
        upload<{ id: string }>('/api/portal/photos', file as File, (percent) =>
          onProgress?.({ percent }),
        ).then(
          (result) => onSuccess?.(result),
          (error: Error) => onError?.(error),
        );
      }}
      onChange={({ fileList }) => publish(fileList.filter((f) => f.status !== 'error'))}
      data-testid="photos"
    >
      {files.length < max && (
        <div>
          <PlusOutlined />
          <div style={{ marginTop: 4, fontSize: 12 }}>{t('portal.form.addPhoto')}</div>
        </div>
      )}
    </Upload>
  );
}

export interface PositionValue {
  lat?: number;
  lng?: number;
  areaUnitId?: string;
}

/** The phone's location on request, and the 苏木镇 / 嘎查 list as the fallback (or in addition). */
export function PositionField({
  value,
  onChange,
}: {
  value?: PositionValue;
  onChange?: (v: PositionValue) => void;
}) {
  const { t } = useTranslation();
  const [areas, setAreas] = useState<Area[]>([]);
  const [status, setStatus] = useState<'idle' | 'locating' | 'located' | 'failed'>('idle');
  const [path, setPath] = useState<string[]>([]);
  useEffect(() => {
    api.get<Area[]>('/api/portal/areas').then(setAreas, () => undefined);
  }, []);
  const locate = () => {
    if (!navigator.geolocation) {
      setStatus('failed');
      return;
    }
    setStatus('locating');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setStatus('located');
        onChange?.({ ...value, lat: position.coords.latitude, lng: position.coords.longitude });
      },
      () => setStatus('failed'),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  };
  return (
    <div>
      <Button icon={<AimOutlined />} onClick={locate} loading={status === 'locating'} block>
        {status === 'located' ? t('portal.form.located') : t('portal.form.locate')}
      </Button>
      {status === 'failed' && (
        <Typography.Text type="warning" style={{ display: 'block', fontSize: 13, marginTop: 4 }}>
          {t('portal.form.locateFailed')}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13, margin: '10px 0 4px' }}>
        {t('portal.form.area')}
      </Typography.Text>
      <Cascader
        style={{ width: '100%' }}
        placeholder={t('portal.form.areaPlaceholder')}
        value={path}
        changeOnSelect
        showSearch
        options={areas.map((a) => ({
          value: a.id,
          label: a.name,
          children: a.children.map((c) => ({ value: c.id, label: c.name })),
        }))}
        onChange={(selected) => {
          const ids = (selected ?? []) as string[];
          setPath(ids);
          onChange?.({ ...value, areaUnitId: ids.at(-1) });
        }}
        data-testid="area"
      />
    </div>
  );
}
