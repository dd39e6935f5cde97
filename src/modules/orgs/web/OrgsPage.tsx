import { DownloadOutlined, ExportOutlined, ImportOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Input,
  List,
  Row,
  Select,
  Space,
  Spin,
  Switch,
  Tag,
  Tree,
  Typography,
} from 'antd';
import type { DataNode } from 'antd/es/tree';
import { lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, download, handleApiError } from '../../../web/api/client';
import type { Unit, UnitDetail, UnitSearchHit, UnitType } from '../../../web/api/types';
import { ImportDialog } from '../../../web/components/ImportDialog';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { OnceOpened } from '../../../web/components/OnceOpened';
import { type UnitAction, UnitDetailPanel } from './UnitDetailPanel';
import type { UnitFormMode } from './UnitFormModal';
import { useLazyOrgTree } from './useLazyOrgTree';
import { typeColor, typeOptions, useUnitTypes } from './useUnitTypes';

// The edit dialogs load when first opened: the tree is the first screen after login.
const UnitFormModal = lazy(async () => ({ default: (await import('./UnitFormModal')).UnitFormModal }));
const MoveUnitModal = lazy(async () => ({ default: (await import('./MoveUnitModal')).MoveUnitModal }));
const DeactivateUnitModal = lazy(async () => ({
  default: (await import('./DeactivateUnitModal')).DeactivateUnitModal,
}));

function toTreeNodes(
  units: Unit[],
  children: Record<string, Unit[]>,
  types: UnitType[],
  inactiveLabel: string,
): DataNode[] {
  return units.map((unit) => {
    const loaded = children[unit.id];
    return {
      key: unit.id,
      isLeaf: loaded ? loaded.length === 0 : !unit.hasChildren,
      children: loaded ? toTreeNodes(loaded, children, types, inactiveLabel) : undefined,
      title: (
        <span data-unit-name={unit.name} style={{ whiteSpace: 'nowrap' }}>
          <span style={unit.active ? undefined : { color: '#999', textDecoration: 'line-through' }}>
            {unit.name}
          </span>{' '}
          <Tag
            color={typeColor(types, unit.type)}
            style={{ marginInlineStart: 4, fontSize: 11, lineHeight: '16px', paddingInline: 4 }}
          >
            {unit.typeName}
          </Tag>
          {!unit.active && (
            <Tag style={{ fontSize: 11, lineHeight: '16px', paddingInline: 4 }}>{inactiveLabel}</Tag>
          )}
        </span>
      ),
    };
  });
}

/** Loads one unit's detail; a 404 (unknown or outside the scope) shows as "not found" in the panel. */
function useUnitDetail(unitId: string | undefined) {
  const [unit, setUnit] = useState<UnitDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const [notFound, setNotFound] = useState(false);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger.
  useEffect(() => {
    setNotFound(false);
    if (!unitId) {
      setUnit(null);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api
      .get<UnitDetail>(`/api/orgs/${unitId}`, { quiet: true, signal: controller.signal })
      .then((detail) => setUnit(detail))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setUnit(null);
        if (error instanceof ApiError && (error.status === 404 || error.status === 400)) setNotFound(true);
        else if (error instanceof ApiError) handleApiError(error);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [unitId, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { unit, loading, notFound, reload };
}

/** The organisation tree page (/orgs, /orgs/:id): lazy tree or search results on the left, unit detail on the right. */
export default function OrgsPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const navigate = useNavigate();
  const { id: selectedId } = useParams();
  const types = useUnitTypes();
  const [query, setQuery] = useState('');
  const [typeFilter, setTypeFilter] = useState<string | undefined>(undefined);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [formMode, setFormMode] = useState<UnitFormMode | null>(null);
  const [moving, setMoving] = useState<UnitDetail | null>(null);
  const [deactivating, setDeactivating] = useState<UnitDetail | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [exporting, setExporting] = useState(false);

  const tree = useLazyOrgTree({ includeInactive });
  const detail = useUnitDetail(selectedId);
  const searching = query.trim() !== '' || typeFilter !== undefined;
  const filters = { q: query.trim(), type: typeFilter, includeInactive };
  const results = usePagedList<UnitSearchHit>('/api/orgs/search', filters, { enabled: searching });

  const treeData = useMemo(
    () => toTreeNodes(tree.roots ?? [], tree.children, types, t('orgs.inactive')),
    [tree.roots, tree.children, types, t],
  );

  // Opening a unit by URL or from search expands the tree down to it.
  const { reveal } = tree;
  const revealAncestors = detail.unit?.ancestors;
  const rootsLoaded = tree.roots !== null;
  useEffect(() => {
    if (!revealAncestors || !rootsLoaded) return;
    void reveal(revealAncestors.map((ancestor) => ancestor.id));
  }, [revealAncestors, rootsLoaded, reveal]);

  const onAction = (action: UnitAction, unit: UnitDetail) => {
    if (action === 'create') setFormMode({ kind: 'create', parent: unit });
    if (action === 'edit') setFormMode({ kind: 'edit', unit });
    if (action === 'move') setMoving(unit);
    if (action === 'deactivate') setDeactivating(unit);
  };

  const afterChange = async (parents: (string | null)[]) => {
    await tree.refresh(parents);
    detail.reload();
    if (searching) results.reload();
  };

  const exportList = async () => {
    setExporting(true);
    try {
      await download('/api/orgs/export', { query: filters, fallbackName: t('orgs.exportFileName') });
    } catch {
      // Shown by the central handler.
    } finally {
      setExporting(false);
    }
  };

  const downloadTemplate = async () => {
    try {
      await download('/api/orgs/import/template', { fallbackName: t('orgs.templateFileName') });
    } catch {
      // Shown by the central handler.
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('orgs.title')}
          </Typography.Title>
          <Space wrap>
            {access.canWriteOrgs && (
              <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} data-testid="orgs-import">
                {t('common.import')}
              </Button>
            )}
            <Button icon={<ExportOutlined />} loading={exporting} onClick={exportList}>
              {t('common.export')}
            </Button>
            {access.canWriteOrgs && (
              <Button icon={<DownloadOutlined />} onClick={downloadTemplate}>
                {t('common.downloadTemplate')}
              </Button>
            )}
          </Space>
        </Space>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={9} xl={8}>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Input.Search
                allowClear
                placeholder={t('orgs.searchPlaceholder')}
                onSearch={(value) => setQuery(value)}
                onChange={(event) => {
                  if (event.target.value === '') setQuery('');
                }}
                data-testid="orgs-search"
              />
              <Space wrap>
                <Select
                  allowClear
                  style={{ width: 180 }}
                  placeholder={t('orgs.typeFilter')}
                  value={typeFilter}
                  onChange={(value: string | undefined) => setTypeFilter(value)}
                  options={typeOptions(types, (category) => t(`orgs.category.${category}`))}
                  data-testid="orgs-type-filter"
                />
                <Space size={4}>
                  <Switch
                    size="small"
                    checked={includeInactive}
                    onChange={setIncludeInactive}
                    aria-label={t('orgs.showInactive')}
                  />
                  <Typography.Text>{t('orgs.showInactive')}</Typography.Text>
                </Space>
              </Space>
              {searching ? (
                <List<UnitSearchHit>
                  size="small"
                  loading={results.loading}
                  dataSource={results.items}
                  locale={{
                    emptyText: (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.noSearchResults')} />
                    ),
                  }}
                  pagination={
                    results.total > (results.pagination.pageSize ?? 20)
                      ? {
                          size: 'small',
                          current: results.pagination.current,
                          pageSize: results.pagination.pageSize,
                          total: results.total,
                          onChange: results.pagination.onChange,
                          showSizeChanger: false,
                          simple: true,
                        }
                      : false
                  }
                  renderItem={(hit) => (
                    <List.Item
                      onClick={() => navigate(`/orgs/${hit.id}`)}
                      style={{
                        cursor: 'pointer',
                        background: hit.id === selectedId ? '#fff1f0' : undefined,
                        paddingInline: 8,
                      }}
                      data-testid="orgs-search-hit"
                    >
                      <List.Item.Meta
                        title={
                          <Space size={4}>
                            <span>{hit.name}</span>
                            <Tag color={typeColor(types, hit.type)}>{hit.typeName}</Tag>
                            {!hit.active && <Tag>{t('orgs.inactive')}</Tag>}
                          </Space>
                        }
                        description={hit.pathNames}
                      />
                    </List.Item>
                  )}
                />
              ) : tree.roots === null ? (
                <div style={{ textAlign: 'center', padding: 32 }}>
                  <Spin />
                </div>
              ) : tree.roots.length === 0 ? (
                <Empty description={t('orgs.emptyTree')} />
              ) : (
                <Tree
                  blockNode
                  showLine
                  height={620}
                  treeData={treeData}
                  loadData={(node) => tree.loadChildren(String(node.key))}
                  loadedKeys={Object.keys(tree.children)}
                  expandedKeys={tree.expandedKeys}
                  onExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
                  selectedKeys={selectedId ? [selectedId] : []}
                  onSelect={(keys) => {
                    if (keys[0] !== undefined) navigate(`/orgs/${String(keys[0])}`);
                  }}
                  data-testid="orgs-tree"
                />
              )}
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={15} xl={16}>
          <UnitDetailPanel
            unit={detail.unit}
            loading={detail.loading}
            notFound={detail.notFound}
            onAction={onAction}
            onReactivated={(unit) => void afterChange([unit.parentId])}
          />
        </Col>
      </Row>
      <OnceOpened open={formMode !== null}>
        <UnitFormModal
          mode={formMode}
          onClose={() => setFormMode(null)}
          onSaved={(unit) => {
            const created = formMode?.kind === 'create';
            const parent = formMode?.kind === 'create' ? formMode.parent : null;
            setFormMode(null);
            if (created && parent) {
              tree.setExpandedKeys([...new Set([...tree.expandedKeys, parent.id])]);
              void afterChange([parent.id, parent.parentId]).then(() => navigate(`/orgs/${unit.id}`));
              return;
            }
            void afterChange([unit.parentId]);
          }}
        />
      </OnceOpened>
      <OnceOpened open={moving !== null}>
        <MoveUnitModal
          unit={moving}
          onClose={() => setMoving(null)}
          onMoved={(unit, oldParentId) => {
            setMoving(null);
            void afterChange([oldParentId, unit.parentId]);
          }}
        />
      </OnceOpened>
      <OnceOpened open={deactivating !== null}>
        <DeactivateUnitModal
          unit={deactivating}
          onClose={() => setDeactivating(null)}
          onDone={(unit) => {
            setDeactivating(null);
            void afterChange([unit.parentId]);
          }}
        />
      </OnceOpened>
      <ImportDialog
        open={importOpen}
        title={t('orgs.importTitle')}
        uploadUrl="/api/orgs/import"
        templateUrl="/api/orgs/import/template"
        templateFileName={t('orgs.templateFileName')}
        hint={t('orgs.importHint')}
        columnLabels={{
          parentPath: t('orgs.importColumns.parentPath'),
          name: t('orgs.importColumns.name'),
          shortName: t('orgs.importColumns.shortName'),
          type: t('orgs.importColumns.type'),
          code: t('orgs.importColumns.code'),
        }}
        onClose={() => setImportOpen(false)}
        onImported={() => {
          void tree.refresh([null, ...Object.keys(tree.children)]);
          detail.reload();
        }}
      />
    </Space>
  );
}
