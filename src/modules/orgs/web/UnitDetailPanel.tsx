import { DragOutlined, EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Space,
  Spin,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../../web/api/client';
import type { Unit, UnitDetail } from '../../../web/api/types';
import { useAccess } from '../../../web/session';
import { typeColor, useUnitTypes } from './useUnitTypes';

export type UnitAction = 'create' | 'edit' | 'move' | 'deactivate';

export interface UnitDetailPanelProps {
  unit: UnitDetail | null;
  loading: boolean;
  notFound: boolean;
  onAction: (action: UnitAction, unit: UnitDetail) => void;
  onReactivated: (unit: Unit) => void;
}

function formatTime(value: string | null): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

/** The right-hand panel of the tree page: one unit's path, fields, counts, status and the actions allowed. */
export function UnitDetailPanel(props: UnitDetailPanelProps) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const access = useAccess();
  const types = useUnitTypes();
  const { unit } = props;

  if (props.loading && !unit) {
    return (
      <Card>
        <div style={{ textAlign: 'center', padding: 48 }}>
          <Spin />
        </div>
      </Card>
    );
  }
  if (props.notFound) {
    return (
      <Card>
        <Empty description={t('orgs.unitNotFound')} />
      </Card>
    );
  }
  if (!unit) {
    return (
      <Card>
        <Empty description={t('orgs.selectUnit')} />
      </Card>
    );
  }

  const reactivate = () => {
    modal.confirm({
      title: t('orgs.reactivateTitle', { name: unit.name }),
      content: t('orgs.reactivateContent'),
      okText: t('orgs.reactivate'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const saved = await api.post<Unit>(`/api/orgs/${unit.id}/reactivate`);
          message.success(t('orgs.reactivated', { name: unit.name }));
          props.onReactivated(saved);
        } catch {
          // Shown by the central handler.
        }
      },
    });
  };

  const actions = access.canWriteOrgs ? (
    <Space wrap>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        disabled={!unit.active}
        onClick={() => props.onAction('create', unit)}
      >
        {t('orgs.createChild')}
      </Button>
      <Button icon={<EditOutlined />} onClick={() => props.onAction('edit', unit)}>
        {t('common.edit')}
      </Button>
      <Button
        icon={<DragOutlined />}
        disabled={unit.parentId === null}
        onClick={() => props.onAction('move', unit)}
      >
        {t('orgs.move')}
      </Button>
      {unit.active ? (
        <Button
          danger
          icon={<StopOutlined />}
          disabled={unit.parentId === null}
          onClick={() => props.onAction('deactivate', unit)}
        >
          {t('orgs.deactivate')}
        </Button>
      ) : (
        <Button icon={<UndoOutlined />} onClick={reactivate}>
          {t('orgs.reactivate')}
        </Button>
      )}
    </Space>
  ) : null;

  return (
    <Card loading={false} data-testid="unit-detail">
      <Spin spinning={props.loading}>
        <Breadcrumb
          style={{ marginBottom: 12 }}
          items={[
            ...unit.ancestors.map((ancestor) => ({
              key: ancestor.id,
              title: <Link to={`/orgs/${ancestor.id}`}>{ancestor.name}</Link>,
            })),
            { key: unit.id, title: unit.name },
          ]}
        />
        <Space align="center" wrap style={{ marginBottom: 16 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="unit-title">
            {unit.name}
          </Typography.Title>
          <Tag color={typeColor(types, unit.type)}>{unit.typeName}</Tag>
          {unit.active ? (
            <Tag color="success">{t('orgs.active')}</Tag>
          ) : (
            <Tag color="default">{t('orgs.inactive')}</Tag>
          )}
        </Space>
        <div style={{ marginBottom: 16 }}>{actions}</div>
        <Space size={48} style={{ marginBottom: 16 }}>
          <Statistic title={t('orgs.childCount')} value={unit.childCount} />
          <Statistic title={t('orgs.descendantCount')} value={unit.descendantCount} />
        </Space>
        <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
          <Descriptions.Item label={t('orgs.fieldName')}>{unit.name}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fieldShortName')}>{unit.shortName || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fieldType')}>{unit.typeName}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fieldCode')}>{unit.code || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('orgs.fieldPath')} span={2}>
            {unit.pathNames}
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.fieldStatus')}>
            {unit.active ? t('orgs.active') : t('orgs.inactive')}
          </Descriptions.Item>
          <Descriptions.Item label={t('orgs.deactivatedAt')}>
            {formatTime(unit.deactivatedAt)}
          </Descriptions.Item>
          {!unit.active && (
            <Descriptions.Item label={t('orgs.deactivationReason')} span={2}>
              {unit.deactivationReason || '—'}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('common.createdAt')}>{formatTime(unit.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('common.updatedAt')}>{formatTime(unit.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Spin>
    </Card>
  );
}
