import { CheckCircleFilled } from '@ant-design/icons';
import { Progress, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProgressView } from './types';

/** A centre's share of standard items met, as a bar; "未评估" while never assessed. */
export function ProgressCell({ progress }: { progress: ProgressView }) {
  const { t } = useTranslation();
  if (progress.share === null)
    return <Typography.Text type="secondary">{t('centers.list.notAssessed')}</Typography.Text>;
  const percent = Math.round(progress.share * 1000) / 10;
  return (
    <Space size={6} style={{ width: '100%' }}>
      <Progress
        percent={percent}
        size="small"
        style={{ width: 120, margin: 0 }}
        status={progress.meetsStandard ? 'success' : 'normal'}
        format={() => `${percent}%`}
      />
      {progress.meetsStandard && (
        <CheckCircleFilled style={{ color: '#52c41a' }} title={t('centers.list.meets')} />
      )}
    </Space>
  );
}
