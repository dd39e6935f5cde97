import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { upload } from '../../../web/api/client';

/** An uploaded attachment as the API describes it. */
export interface AttachmentRef {
  id: string;
  name: string;
  mime: string;
  size: number;
  url: string;
}

interface AttachmentsFieldProps {
  /** The unit the files belong to (decides who may read them). */
  unitId: string | undefined;
  value?: AttachmentRef[];
  onChange?: (value: AttachmentRef[]) => void;
  /** Readable without login, e.g. centre photos on the public page. */
  isPublic?: boolean;
  maxCount?: number;
  /** Show thumbnails (picture cards) instead of a file list. */
  pictures?: boolean;
  disabled?: boolean;
}

/**
 * A form field that uploads images or PDFs to /api/files as soon as they are picked and holds the
 * resulting file references; use it inside antd Form.Item.
 */
export function AttachmentsField({
  unitId,
  value = [],
  onChange,
  isPublic = false,
  maxCount = 20,
  pictures = false,
  disabled = false,
}: AttachmentsFieldProps) {
  const { t } = useTranslation();
  const fileList: UploadFile[] = value.map((file) => ({
    uid: file.id,
    name: file.name,
    status: 'done',
    url: file.url,
    thumbUrl: file.mime.startsWith('image/') ? file.url : undefined,
  }));
  return (
    <Upload
      accept="image/jpeg,image/png,image/gif,image/webp,application/pdf"
      listType={pictures ? 'picture-card' : 'text'}
      fileList={fileList}
      maxCount={maxCount}
      disabled={disabled || !unitId}
      data-testid="attachments-field"
      customRequest={({ file, onSuccess, onError, onProgress }) => {
        const query = `unitId=${encodeURIComponent(unitId ?? '')}${isPublic ? '&public=true' : ''}`;
        upload<AttachmentRef>(`/api/files?${query}`, file as File, (percent) => onProgress?.({ percent }))
          .then((stored) => {
            onChange?.([...value, stored]);
            onSuccess?.(stored);
          })
          .catch((error: Error) => onError?.(error));
      }}
      onRemove={(removed) => {
        onChange?.(value.filter((file) => file.id !== removed.uid));
        return true;
      }}
    >
      {value.length < maxCount &&
        (pictures ? (
          <div>
            <UploadOutlined />
            <div style={{ marginTop: 4 }}>{t('files.upload')}</div>
          </div>
        ) : (
          <Button icon={<UploadOutlined />} disabled={disabled || !unitId}>
            {t('files.upload')}
          </Button>
        ))}
    </Upload>
  );
}
