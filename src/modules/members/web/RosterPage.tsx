import { ExportOutlined, FilterOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, download } from '../../../web/api/client';
import { ImportDialog } from '../../../web/components/ImportDialog';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { MemberDrawer } from './MemberDrawer';
import { MemberFormModal } from './MemberFormModal';
import { SettingsModal } from './SettingsModal';
import { PartyUnitSelect } from './PartyUnitSelect';
import { type SummaryFlag, SummaryBar } from './SummaryBar';
import {
  ageBands,
  commonEthnicities,
  commonPosts,
  educationLevels,
  type MemberRow,
  type MemberSettingsView,
} from './types';

interface Filters {
  category?: string;
  gender?: string;
  ethnicity?: string;
  ageBand?: string;
  education?: string;
  post?: string;
  flag?: string;
  status?: string;
  joined?: [Dayjs | null, Dayjs | null] | null;
}

/** The flags of a roster row as coloured tags. */
export function FlagTags({ member }: { member: Pick<MemberRow, 'flags'> }) {
  const { t } = useTranslation();
  const { flags } = member;
  return (
    <Space size={4} wrap>
      {flags.mobile && <Tag color="orange">{t('members.flags.mobile')}</Tag>}
      {flags.outOfContact && <Tag color="red">{t('members.flags.outOfContact')}</Tag>}
      {flags.conversion === 'dueSoon' && <Tag color="blue">{t('members.flags.dueSoon')}</Tag>}
      {flags.conversion === 'overdue' && <Tag color="volcano">{t('members.flags.overdue')}</Tag>}
    </Space>
  );
}

/** The roster (/members): organisation picker, filters, summary figures, table, import and export, member drawer. */
export default function RosterPage() {
  const { t } = useTranslation();
  const access = useAccess();
  const [unitId, setUnitId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>({});
  const [showMore, setShowMore] = useState(false);
  // The open member is in the address (/members?member=<id>) so notices and evidence lists link to it.
  const [params, setParams] = useSearchParams();
  const selected = params.get('member');
  const setSelected = (id: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set('member', id);
        else next.delete('member');
        return next;
      },
      { replace: !id },
    );
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [version, setVersion] = useState(0);
  const [settings, setSettings] = useState<MemberSettingsView | null>(null);
  const [editingSettings, setEditingSettings] = useState(false);

  useEffect(() => {
    api.get<MemberSettingsView>('/api/members/settings').then(setSettings, () => undefined);
  }, []);

  const queryFilters = useMemo(
    () => ({
      unitId,
      q: query.trim(),
      category: filters.category,
      gender: filters.gender,
      ethnicity: filters.ethnicity,
      ageBand: filters.ageBand,
      education: filters.education,
      post: filters.post,
      flag: filters.flag,
      status: filters.status,
      joinedFrom: filters.joined?.[0]?.format('YYYY-MM-DD'),
      joinedTo: filters.joined?.[1]?.format('YYYY-MM-DD'),
    }),
    [unitId, query, filters],
  );
  const list = usePagedList<MemberRow>('/api/members', queryFilters);
  const changed = () => {
    setVersion((v) => v + 1);
    list.reload();
  };
  const set = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));

  const pick = (flag: SummaryFlag) => {
    if (flag === 'probationary') set({ category: 'probationary', flag: undefined });
    else set({ flag, category: undefined });
  };

  const columns: ColumnsType<MemberRow> = [
    {
      title: t('members.columns.name'),
      dataIndex: 'name',
      width: 120,
      fixed: 'left',
      render: (name: string, member) => (
        <Typography.Link onClick={() => setSelected(member.id)} data-testid="member-name">
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('members.columns.gender'),
      dataIndex: 'gender',
      width: 64,
      render: (gender: MemberRow['gender']) => t(`members.genders.${gender}`),
    },
    { title: t('members.columns.age'), dataIndex: 'age', width: 64 },
    {
      title: t('members.columns.ethnicity'),
      dataIndex: 'ethnicity',
      width: 90,
      render: (v: string | null) => v || '—',
    },
    {
      title: t('members.columns.education'),
      dataIndex: 'education',
      width: 110,
      render: (v: MemberRow['education']) => (v ? t(`members.educations.${v}`) : '—'),
    },
    {
      title: t('members.columns.category'),
      dataIndex: 'category',
      width: 80,
      render: (v: MemberRow['category']) => (
        <Tag color={v === 'full' ? 'red' : 'gold'}>{t(`members.categoryShort.${v}`)}</Tag>
      ),
    },
    { title: t('members.columns.joinedOn'), dataIndex: 'joinedOn', width: 110 },
    {
      title: t('members.columns.post'),
      dataIndex: 'post',
      width: 100,
      render: (v: string | null) => v || '—',
    },
    { title: t('members.columns.unit'), dataIndex: 'unitName', ellipsis: true },
    {
      title: t('members.columns.flags'),
      key: 'flags',
      width: 170,
      render: (_: unknown, member) =>
        member.status === 'active' ? (
          <FlagTags member={member} />
        ) : (
          <Tag>{t(`members.statuses.${member.status}`)}</Tag>
        ),
    },
  ];

  const selectStyle = { width: 140 };
  return (
    <Card
      title={t('members.title')}
      extra={
        <Space wrap>
          {access.canWriteMembers && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="member-add"
            >
              {t('members.add')}
            </Button>
          )}
          {access.canWriteMembers && (
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="members-import">
              {t('members.import')}
            </Button>
          )}
          <Button
            icon={<ExportOutlined />}
            data-testid="members-export"
            onClick={() =>
              download('/api/members/export', {
                query: queryFilters,
                fallbackName: t('members.exportFileName'),
              }).catch(() => undefined)
            }
          >
            {t('members.export')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <PartyUnitSelect
          value={unitId}
          onChange={(id) => setUnitId(id)}
          style={{ width: 300 }}
          data-testid="members-unit"
        />
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('members.searchPlaceholder')}
          onSearch={(value) => setQuery(value)}
          onChange={(event) => {
            if (event.target.value === '') setQuery('');
          }}
          data-testid="members-search"
        />
        <Select
          allowClear
          style={selectStyle}
          placeholder={t('members.filter.category')}
          value={filters.category}
          onChange={(category) => set({ category })}
          options={(['full', 'probationary'] as const).map((c) => ({
            value: c,
            label: t(`members.categories.${c}`),
          }))}
        />
        <Select
          allowClear
          style={selectStyle}
          placeholder={t('members.filter.flag')}
          value={filters.flag}
          onChange={(flag) => set({ flag })}
          options={(['mobile', 'outOfContact', 'conversionDue'] as const).map((f) => ({
            value: f,
            label: t(`members.flags.${f}`),
          }))}
          data-testid="members-flag"
        />
        <Button icon={<FilterOutlined />} onClick={() => setShowMore((v) => !v)}>
          {t('members.moreFilters')}
        </Button>
        <Button onClick={() => setFilters({})}>{t('members.resetFilters')}</Button>
      </Space>
      {showMore && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 100 }}
            placeholder={t('members.filter.gender')}
            value={filters.gender}
            onChange={(gender) => set({ gender })}
            options={(['male', 'female'] as const).map((g) => ({
              value: g,
              label: t(`members.genders.${g}`),
            }))}
          />
          <Select
            allowClear
            showSearch
            style={selectStyle}
            placeholder={t('members.filter.ethnicity')}
            value={filters.ethnicity}
            onChange={(ethnicity) => set({ ethnicity })}
            options={commonEthnicities.map((e) => ({ value: e, label: e }))}
          />
          <Select
            allowClear
            style={selectStyle}
            placeholder={t('members.filter.ageBand')}
            value={filters.ageBand}
            onChange={(ageBand) => set({ ageBand })}
            options={ageBands.map((b) => ({ value: b.key, label: t(`members.ageBands.${b.key}`) }))}
          />
          <Select
            allowClear
            style={selectStyle}
            placeholder={t('members.filter.education')}
            value={filters.education}
            onChange={(education) => set({ education })}
            options={educationLevels.map((e) => ({ value: e, label: t(`members.educations.${e}`) }))}
          />
          <Select
            allowClear
            style={selectStyle}
            placeholder={t('members.filter.post')}
            value={filters.post}
            onChange={(post) => set({ post })}
            options={[
              { value: '*', label: t('members.filter.anyPost') },
              ...commonPosts.map((p) => ({ value: p, label: p })),
            ]}
          />
          <DatePicker.RangePicker
            value={filters.joined ?? null}
            onChange={(joined) => set({ joined })}
            placeholder={[t('members.filter.joined'), t('members.filter.joined')]}
          />
          <Select
            style={selectStyle}
            value={filters.status ?? 'active'}
            onChange={(status) => set({ status })}
            options={[
              ...(['active', 'transferredOut', 'suspended', 'removed', 'deceased', 'cancelled'] as const).map(
                (s) => ({
                  value: s,
                  label: t(`members.statuses.${s}`),
                }),
              ),
              { value: 'all', label: t('members.filter.allStatuses') },
            ]}
          />
        </Space>
      )}
      <SummaryBar unitId={unitId} version={version} onPick={pick} />
      {settings && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          action={
            access.canDecideMembers && (
              <Button size="small" type="link" onClick={() => setEditingSettings(true)}>
                {t('members.settings.edit')}
              </Button>
            )
          }
          title={t('members.localSetting', {
            days: settings.conversionReminderDays,
            mobile: settings.mobileAfterMonths,
            lost: settings.outOfContactAfterMonths,
            valid: settings.letterValidMonths,
            validOut: settings.letterValidMonthsOutsideProvince,
          })}
        />
      )}
      <Table<MemberRow>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 1150 }}
        locale={{ emptyText: <Empty description={t('members.empty')} /> }}
        data-testid="members-table"
      />
      {settings && (
        <SettingsModal
          open={editingSettings}
          settings={settings}
          onClose={() => setEditingSettings(false)}
          onSaved={(next) => {
            setEditingSettings(false);
            setSettings(next);
            changed();
          }}
        />
      )}
      <MemberDrawer memberId={selected} onClose={() => setSelected(null)} onChanged={changed} />
      <MemberFormModal
        open={adding}
        defaultUnitId={unitId}
        onClose={() => setAdding(false)}
        onSaved={(member) => {
          setAdding(false);
          changed();
          setSelected(member.id);
        }}
      />
      <ImportDialog
        open={importing}
        title={t('members.importTitle')}
        uploadUrl="/api/members/import"
        templateUrl="/api/members/import/template"
        hint={t('members.importHint')}
        onClose={() => setImporting(false)}
        onImported={changed}
      />
    </Card>
  );
}
