import { ArrowLeftOutlined, EditOutlined, LinkOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Image,
  List,
  Result,
  Space,
  Spin,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../../web/api/client';
import { useAccess } from '../../../web/session';
import { AssessmentTab } from './AssessmentTab';
import { CenterFormModal } from './CenterFormModal';
import { ProgressCell } from './ProgressCell';
import { QrPanel } from './QrPanel';
import { ServiceItemsTab } from './ServiceItemsTab';
import type { CenterDetail } from './types';

function BasicTab({ centre }: { centre: CenterDetail }) {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('centers.list.unit')}>{centre.unitPathNames}</Descriptions.Item>
        <Descriptions.Item label={t('centers.list.type')}>
          {t(`centers.types.${centre.unitType}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('centers.form.address')}>{centre.address || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('centers.form.areaSqm')}>{centre.areaSqm ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('centers.form.openingHours')}>
          {centre.openingHours || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('centers.form.status')}>
          {t(`centers.statuses.${centre.status}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('centers.form.upgradeStatus')}>
          {t(`centers.upgradeStatuses.${centre.upgradeStatus}`)}
          {centre.upgradeNote && <Typography.Text type="secondary">（{centre.upgradeNote}）</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label={t('centers.list.progress')}>
          <ProgressCell progress={centre.progress} />
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('centers.form.rooms')}>
        {centre.rooms.length === 0 ? (
          <Empty description={t('centers.detail.noRooms')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            size="small"
            dataSource={centre.rooms}
            renderItem={(room) => (
              <List.Item>
                <Typography.Text strong>{room.name}</Typography.Text>
                <Typography.Text type="secondary">{room.functions}</Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('centers.form.staff')}>
        {centre.staff.length === 0 ? (
          <Empty description={t('centers.detail.noStaff')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            size="small"
            dataSource={centre.staff}
            renderItem={(person) => (
              <List.Item>
                <Space>
                  <Typography.Text strong>{person.name}</Typography.Text>
                  <Tag>{person.role || '—'}</Tag>
                </Space>
                <Typography.Text>
                  {person.phone ?? '—'}{' '}
                  <Typography.Text type="secondary">
                    {person.phone &&
                      (person.phonePublic ? t('centers.detail.phoneShown') : t('centers.detail.phoneHidden'))}
                  </Typography.Text>
                </Typography.Text>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('centers.form.photos')}>
        {centre.photos.length === 0 ? (
          <Empty description={t('centers.detail.noPhotos')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Image.PreviewGroup>
            <Space wrap>
              {centre.photos.map((photo) => (
                <Image key={photo.id} src={photo.url} alt={photo.name} width={160} height={120} />
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
      </Card>
    </Space>
  );
}

const TABS = ['basic', 'assessment', 'items', 'qr'] as const;

/** /centers/:id: one centre with its facts, standard assessment, service list and QR code. */
export default function CenterDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const access = useAccess();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [centre, setCentre] = useState<CenterDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [editing, setEditing] = useState(false);
  const tab = TABS.find((key) => key === params.get('tab')) ?? 'basic';

  const load = useCallback(async () => {
    try {
      setCentre(await api.get<CenterDetail>(`/api/centers/${id}`, { quiet: true }));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setMissing(true);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (missing) {
    return (
      <Result
        status="404"
        title={t('errors.notFoundPage')}
        extra={<Button onClick={() => navigate('/centers')}>{t('centers.detail.back')}</Button>}
      />
    );
  }
  if (!centre) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/centers')} />
          <span data-testid="center-title">{centre.name}</span>
          <Tag>{t(`centers.statuses.${centre.status}`)}</Tag>
        </Space>
      }
      extra={
        <Space>
          <Button icon={<LinkOutlined />} href={`/public/centers/${centre.id}`} target="_blank">
            {t('centers.detail.publicPage')}
          </Button>
          {access.canWriteCenters && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('centers.detail.edit')}
            </Button>
          )}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        items={[
          { key: 'basic', label: t('centers.detail.tabs.basic'), children: <BasicTab centre={centre} /> },
          {
            key: 'assessment',
            label: t('centers.detail.tabs.assessment'),
            children: <AssessmentTab centre={centre} onChanged={load} />,
          },
          {
            key: 'items',
            label: t('centers.detail.tabs.items'),
            children: <ServiceItemsTab centre={centre} onChanged={load} />,
          },
          { key: 'qr', label: t('centers.detail.tabs.qr'), children: <QrPanel centre={centre} /> },
        ]}
      />
      <CenterFormModal
        open={editing}
        centre={centre}
        onClose={() => setEditing(false)}
        onSaved={(saved) => {
          setEditing(false);
          setCentre(saved);
          message.success(t('centers.detail.saved'));
        }}
      />
    </Card>
  );
}
