import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../../web/api/client';
import type { Page } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web/UnitSelect';
import type { DutyReportDetail, DutyReportView } from '../dutyReport/contract';
import { DutyReportView as DutyReportScreen } from './DutyReportView';
import { TemplateSelect } from './template/TemplateSelect';

interface PersonHit {
  id: string;
  name: string;
  idNumberMasked: string;
  unitName?: string;
}

/** Searches registered people by name or pinyin: the author of a report. */
function PersonSelect(props: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [hits, setHits] = useState<PersonHit[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const page = await api.get<Page<PersonHit>>('/api/people', {
          query: { q: q.trim(), page: 1, pageSize: 20 },
        });
        setHits(page.items);
      } catch {
        // Shown by the central handler.
      }
    }, 250);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <Select
      id={props.id}
      value={props.value}
      onChange={props.onChange}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={t('reports.duty.authorSearch')}
      onOpenChange={(open) => {
        if (open && hits.length === 0) search('');
      }}
      options={hits.map((p) => ({ value: p.id, label: `${p.name}（${p.idNumberMasked}）` }))}
    />
  );
}

/** Several units, one picker each added on demand (supervised units of a post). */
function UnitsField(props: { value?: string[]; onChange?: (value: string[]) => void }) {
  const { t } = useTranslation();
  const values = props.value ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {values.map((unitId, index) => (
        <Space key={unitId}>
          <UnitSelect
            value={unitId}
            onChange={(next) =>
              props.onChange?.(
                next ? values.map((v, i) => (i === index ? next : v)) : values.filter((_, i) => i !== index),
              )
            }
          />
          <MinusCircleOutlined onClick={() => props.onChange?.(values.filter((_, i) => i !== index))} />
        </Space>
      ))}
      <UnitSelect
        value={null}
        placeholder={t('reports.duty.supervised')}
        onChange={(next) => next && !values.includes(next) && props.onChange?.([...values, next])}
      />
    </Space>
  );
}

interface NewReportValues {
  authorId: string;
  unitId: string;
  year: number;
  templateId?: string;
  posts: Array<{
    title: string;
    unitId: string;
    from: Dayjs;
    to?: Dayjs | null;
    supervisedUnitIds?: string[];
  }>;
}

function NewReportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewReportValues>();
  const submit = useFormSubmit(form, async (values) => {
    const created = await api.post<DutyReportDetail>('/api/reports/duty', {
      authorId: values.authorId,
      unitId: values.unitId,
      year: values.year,
      templateId: values.templateId,
      posts: values.posts.map((post) => ({
        title: post.title,
        unitId: post.unitId,
        from: post.from.format('YYYY-MM-DD'),
        to: post.to ? post.to.format('YYYY-MM-DD') : null,
        supervisedUnitIds: post.supervisedUnitIds ?? [],
      })),
    });
    onClose();
    navigate(`/reports/duty/${created.id}`);
  });
  return (
    <Modal
      open={open}
      title={t('reports.duty.create')}
      width={760}
      onCancel={onClose}
      onOk={submit.submit}
      confirmLoading={submit.saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ year: new Date().getFullYear(), posts: [{}] }}>
        <Space wrap>
          <Form.Item name="authorId" label={t('reports.duty.author')} rules={[{ required: true }]}>
            <PersonSelect />
          </Form.Item>
          <Form.Item name="year" label={t('reports.duty.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('reports.duty.unit')}
            tooltip={t('reports.duty.unitHint')}
            rules={[{ required: true }]}
          >
            <UnitSelect />
          </Form.Item>
          <Form.Item name="templateId" label={t('reports.dutyTemplate.menu')}>
            <TemplateSelect />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t('reports.duty.postsHint')}</Typography.Paragraph>
        <Form.List name="posts">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <Card
                  key={field.key}
                  size="small"
                  extra={fields.length > 1 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                >
                  <Space wrap align="start">
                    <Form.Item
                      name={[field.name, 'title']}
                      label={t('reports.duty.postTitle')}
                      rules={[{ required: true }]}
                    >
                      <Input style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'unitId']}
                      label={t('reports.duty.postUnit')}
                      rules={[{ required: true }]}
                    >
                      <UnitSelect />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'from']}
                      label={t('reports.duty.postFrom')}
                      rules={[{ required: true }]}
                    >
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name={[field.name, 'to']} label={t('reports.duty.postTo')}>
                      <DatePicker />
                    </Form.Item>
                  </Space>
                  <Form.Item name={[field.name, 'supervisedUnitIds']} label={t('reports.duty.supervised')}>
                    <UnitsField />
                  </Form.Item>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                {t('reports.duty.addPost')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function DutyReportList() {
  const { t } = useTranslation();
  const access = useAccess();
  const [q, setQ] = useState('');
  const [year, setYear] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const list = usePagedList<DutyReportView>('/api/reports/duty', {
    q: q || undefined,
    year: year ?? undefined,
  });
  return (
    <Card
      title={t('reports.duty.title')}
      extra={
        access.canSnapshotReports && (
          <Space>
            <Button onClick={() => navigate('/reports/duty-templates')} data-testid="duty-templates">
              {t('reports.duty.templates')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="duty-create"
            >
              {t('reports.duty.create')}
            </Button>
          </Space>
        )
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('reports.duty.search')}
          onSearch={setQ}
          style={{ width: 260 }}
        />
        <InputNumber
          placeholder={t('reports.duty.year')}
          min={2000}
          max={2100}
          value={year}
          onChange={setYear}
        />
      </Space>
      <Table<DutyReportView>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={list.pagination}
        columns={[
          {
            title: t('reports.duty.author'),
            dataIndex: 'authorName',
            render: (name: string, row) => <Link to={`/reports/duty/${row.id}`}>{name}</Link>,
          },
          { title: t('reports.duty.year'), dataIndex: 'year', width: 90 },
          { title: t('reports.duty.unit'), dataIndex: 'unitName' },
          {
            title: t('reports.duty.status'),
            dataIndex: 'status',
            width: 100,
            render: (status: string) => (
              <Tag color={status === 'locked' ? 'blue' : 'default'}>
                {t(`reports.duty.statuses.${status === 'locked' ? 'locked' : 'draft'}`)}
              </Tag>
            ),
          },
          {
            title: t('reports.duty.figures'),
            key: 'figures',
            render: (_, row) =>
              t('reports.duty.figuresCount', { figures: row.figures, missing: row.missing }),
          },
          {
            title: t('reports.duty.updatedAt'),
            dataIndex: 'updatedAt',
            render: (value: string) => new Date(value).toLocaleString('zh-CN'),
          },
        ]}
      />
      <NewReportModal open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}

/** The duty reports: the list, or one report when the address names it. */
export default function DutyReportsPage() {
  const { id } = useParams();
  return id ? <DutyReportScreen id={id} /> : <DutyReportList />;
}
