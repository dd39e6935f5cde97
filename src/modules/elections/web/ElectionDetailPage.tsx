import {
  ArrowLeftOutlined,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  StopOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../../web/api/client';
import type { Person } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';
import type { ElectionDetail, PostView } from '../contract';
import {
  type Committee,
  committees,
  educationLevels,
  electionMethods,
  type Post,
  postsOf,
} from '../vocabulary';
import { TermTag } from './ElectionListPanel';
import { formatValue } from './OverviewPanel';
import { PersonPicker } from './PersonPicker';

interface ElectionFormValues {
  unitId?: string;
  roundYear: number;
  session?: string;
  electionDate: Dayjs;
  method?: string;
  votesDue?: number | null;
  votesCast?: number | null;
  votesValid?: number | null;
  termYears?: number | null;
  note?: string;
}

type DraftPost = Pick<
  PostView,
  'personId' | 'name' | 'gender' | 'age' | 'idNumberMasked' | 'committee' | 'post' | 'education'
> & {
  key: string;
};

function bodyOf(values: ElectionFormValues) {
  return {
    roundYear: values.roundYear,
    session: values.session?.trim() || null,
    electionDate: values.electionDate.format('YYYY-MM-DD'),
    method: values.method?.trim() || null,
    votesDue: values.votesDue ?? null,
    votesCast: values.votesCast ?? null,
    votesValid: values.votesValid ?? null,
    ...(values.termYears ? { termYears: values.termYears } : {}),
    note: values.note?.trim() || null,
  };
}

/** The fields of an election (unit only when creating). */
function ElectionFields({ creating }: { creating: boolean }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      {creating && (
        <Col xs={24} md={12}>
          <Form.Item
            name="unitId"
            label={t('elections.fields.unit')}
            rules={[{ required: true, message: t('elections.form.unitRequired') }]}
          >
            <UnitSelect placeholder={t('elections.form.unitPlaceholder')} data-testid="election-unit" />
          </Form.Item>
        </Col>
      )}
      <Col xs={12} md={6}>
        <Form.Item
          name="roundYear"
          label={t('elections.fields.roundYear')}
          rules={[{ required: true, message: t('elections.form.roundRequired') }]}
        >
          <InputNumber min={1980} max={2100} style={{ width: '100%' }} data-testid="election-round" />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="session" label={t('elections.fields.session')}>
          <Input placeholder={t('elections.form.sessionPlaceholder')} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item
          name="electionDate"
          label={t('elections.fields.electionDate')}
          rules={[{ required: true, message: t('elections.form.dateRequired') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            data-testid="election-date"
          />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name="method" label={t('elections.fields.method')}>
          <AutoComplete
            options={electionMethods.map((m) => ({ value: m }))}
            placeholder={t('elections.form.methodPlaceholder')}
          />
        </Form.Item>
      </Col>
      <Col xs={8} md={4}>
        <Form.Item name="votesDue" label={t('elections.fields.votesDue')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={8} md={4}>
        <Form.Item name="votesCast" label={t('elections.fields.votesCast')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={8} md={4}>
        <Form.Item name="votesValid" label={t('elections.fields.votesValid')}>
          <InputNumber min={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item
          name="termYears"
          label={t('elections.fields.termYears')}
          extra={t('elections.form.termYearsHint')}
        >
          <InputNumber min={1} max={10} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="note" label={t('elections.fields.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Col>
    </Row>
  );
}

function CreateElection() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ElectionFormValues>();
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const created = await api.post<ElectionDetail>(
      '/api/elections',
      { unitId: values.unitId, ...bodyOf(values) },
      { quiet: true },
    );
    message.success(t('elections.form.created', { name: created.unitName }));
    navigate(`/elections/${created.id}`, { replace: true });
  });
  return (
    <Card
      title={
        <Space>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/elections/list')} />
          {t('elections.form.createTitle')}
        </Space>
      }
    >
      <Form<ElectionFormValues>
        form={form}
        layout="vertical"
        name="electionCreate"
        initialValues={{ roundYear: dayjs().year() }}
      >
        <ElectionFields creating />
        <Button type="primary" loading={saving} onClick={submit} data-testid="election-save">
          {t('elections.form.createButton')}
        </Button>
      </Form>
    </Card>
  );
}

/** One committee's table of post holders in the editor. */
function CommitteeCard(props: {
  committee: Committee;
  rows: DraftPost[];
  editable: boolean;
  onChange: (key: string, changes: Partial<DraftPost>) => void;
  onRemove: (key: string) => void;
  onAdd: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      title={t(`elections.committees.${props.committee}`)}
      data-testid={`committee-${props.committee}`}
      extra={
        props.editable && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={props.onAdd}
            data-testid={`committee-add-${props.committee}`}
          >
            {t('elections.detail.addPerson')}
          </Button>
        )
      }
    >
      <Table<DraftPost>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={props.rows}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('elections.detail.noMembers')} />
          ),
        }}
        columns={[
          { title: t('elections.person.name'), dataIndex: 'name', width: 110 },
          {
            title: t('elections.person.gender'),
            dataIndex: 'gender',
            width: 60,
            render: (g: string) => t(`elections.genders.${g === 'female' ? 'female' : 'male'}`),
          },
          { title: t('elections.person.age'), dataIndex: 'age', width: 60 },
          {
            title: t('elections.person.idNumber'),
            dataIndex: 'idNumberMasked',
            width: 190,
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: t('elections.fields.post'),
            dataIndex: 'post',
            width: 130,
            render: (post: Post, row) =>
              props.editable ? (
                <Select
                  size="small"
                  value={post}
                  style={{ width: 110 }}
                  onChange={(value) => props.onChange(row.key, { post: value })}
                  options={postsOf[props.committee].map((p) => ({
                    value: p,
                    label: t(`elections.postNames.${props.committee}.${p}`),
                  }))}
                />
              ) : (
                t(`elections.postNames.${props.committee}.${post}`)
              ),
          },
          {
            title: t('elections.fields.education'),
            dataIndex: 'education',
            width: 140,
            render: (education: string | null, row) =>
              props.editable ? (
                <Select
                  size="small"
                  allowClear
                  value={education ?? undefined}
                  style={{ width: 120 }}
                  placeholder={t('elections.detail.educationPlaceholder')}
                  onChange={(value) => props.onChange(row.key, { education: value ?? null })}
                  options={educationLevels.map((e) => ({ value: e, label: e }))}
                />
              ) : (
                (education ?? '—')
              ),
          },
          ...(props.editable
            ? [
                {
                  title: '',
                  width: 50,
                  render: (_: unknown, row: DraftPost) => (
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => props.onRemove(row.key)}
                      aria-label={t('common.remove')}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function draftOf(posts: PostView[]): DraftPost[] {
  return posts.map((p) => ({ ...p, key: `${p.committee}:${p.personId}` }));
}

function ElectionRecord({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const navigate = useNavigate();
  const [election, setElection] = useState<ElectionDetail | null>(null);
  const [draft, setDraft] = useState<DraftPost[]>([]);
  const [dirty, setDirty] = useState(false);
  const [editing, setEditing] = useState(false);
  const [picking, setPicking] = useState<Committee | null>(null);
  const [savingPosts, setSavingPosts] = useState(false);
  const [voidOpen, setVoidOpen] = useState(false);
  const [form] = Form.useForm<ElectionFormValues>();
  const [voidForm] = Form.useForm<{ reason: string }>();

  const show = useCallback((detail: ElectionDetail) => {
    setElection(detail);
    setDraft(draftOf(detail.posts));
    setDirty(false);
  }, []);

  useEffect(() => {
    api
      .get<ElectionDetail>(`/api/elections/${id}`)
      .then(show)
      .catch(() => {
        // Shown by the central handler.
      });
  }, [id, show]);

  const edit = useFormSubmit(form, async (values) => {
    show(await api.patch<ElectionDetail>(`/api/elections/${id}`, bodyOf(values), { quiet: true }));
    setEditing(false);
    message.success(t('elections.detail.saved'));
  });
  const voiding = useFormSubmit(voidForm, async (values) => {
    show(
      await api.post<ElectionDetail>(
        `/api/elections/${id}/void`,
        { reason: values.reason.trim() },
        { quiet: true },
      ),
    );
    setVoidOpen(false);
  });

  if (!election) return <Spin style={{ display: 'block', margin: 48 }} />;
  const canWrite = access.canWriteElections && !election.voided;
  const c = election.composition;

  const change = (key: string, changes: Partial<DraftPost>) => {
    setDraft((rows) => rows.map((row) => (row.key === key ? { ...row, ...changes } : row)));
    setDirty(true);
  };
  const add = (person: Person) => {
    const committee = picking!;
    setPicking(null);
    if (draft.some((row) => row.committee === committee && row.personId === person.id)) {
      message.warning(t('elections.detail.alreadyIn', { name: person.name }));
      return;
    }
    const taken = new Set(draft.filter((row) => row.committee === committee).map((row) => row.post));
    const first = postsOf[committee][0]!;
    const post: Post = committee === 'collective' || !taken.has(first) ? first : 'member';
    const age = dayjs().diff(dayjs(person.birthDate), 'year');
    setDraft((rows) => [
      ...rows,
      {
        key: `${committee}:${person.id}`,
        personId: person.id,
        name: person.name,
        gender: person.gender,
        age,
        idNumberMasked: person.idNumberMasked,
        committee,
        post,
        // Education is the person's, whichever post recorded it first.
        education: draft.find((row) => row.personId === person.id && row.education)?.education ?? null,
      },
    ]);
    setDirty(true);
  };
  const savePosts = async () => {
    setSavingPosts(true);
    try {
      const saved = await api.put<ElectionDetail>(`/api/elections/${id}/posts`, {
        posts: draft.map((row) => ({
          personId: row.personId,
          committee: row.committee,
          post: row.post,
          education: row.education,
        })),
      });
      show(saved);
      message.success(t('elections.detail.postsSaved'));
    } catch {
      // Shown by the central handler.
    } finally {
      setSavingPosts(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              onClick={() => navigate(-1)}
              aria-label={t('common.back')}
            />
            <span data-testid="election-title">{election.unitName}</span>
            <Typography.Text type="secondary">
              {t('elections.detail.round', { year: election.roundYear })}
            </Typography.Text>
            {election.voided ? (
              <Tag>{t('elections.list.voided')}</Tag>
            ) : election.inOffice ? (
              <TermTag status={election.termStatus} />
            ) : (
              <Tag>{t('elections.list.superseded')}</Tag>
            )}
            {c.dualRole && <Tag color="red">{t('elections.detail.dualRoleTag')}</Tag>}
          </Space>
        }
        extra={
          canWrite && (
            <Space>
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  form.setFieldsValue({
                    roundYear: election.roundYear,
                    session: election.session ?? undefined,
                    electionDate: dayjs(election.electionDate),
                    method: election.method ?? undefined,
                    votesDue: election.votesDue,
                    votesCast: election.votesCast,
                    votesValid: election.votesValid,
                    termYears: election.termYears,
                    note: election.note ?? undefined,
                  });
                  setEditing(true);
                }}
              >
                {t('common.edit')}
              </Button>
              <Button danger icon={<StopOutlined />} onClick={() => setVoidOpen(true)}>
                {t('elections.detail.void')}
              </Button>
            </Space>
          )
        }
      >
        {election.voided && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('elections.detail.voidedAlert', { reason: election.voidReason ?? '' })}
          />
        )}
        {editing ? (
          <Form<ElectionFormValues> form={form} layout="vertical" name="electionEdit">
            <ElectionFields creating={false} />
            <Space>
              <Button type="primary" loading={edit.saving} onClick={edit.submit}>
                {t('common.save')}
              </Button>
              <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        ) : (
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('elections.fields.unit')} span={3}>
              {election.pathNames}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.fields.session')}>
              {election.session ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.fields.electionDate')}>
              {election.electionDate}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.fields.method')}>
              {election.method ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.fields.votes')}>
              {t('elections.detail.votes', {
                due: election.votesDue ?? '—',
                cast: election.votesCast ?? '—',
                valid: election.votesValid ?? '—',
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.fields.termYears')}>
              {election.termYears}
            </Descriptions.Item>
            <Descriptions.Item label={t('elections.fields.termEnd')}>{election.termEnd}</Descriptions.Item>
            {election.note && (
              <Descriptions.Item label={t('elections.fields.note')} span={3}>
                {election.note}
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
      </Card>
      <Card size="small" title={t('elections.detail.compositionTitle')}>
        <Row gutter={[16, 12]} data-testid="election-composition">
          <Col xs={12} md={6} lg={3}>
            <Statistic title={t('elections.detail.partyCount')} value={c.partyCount} />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic title={t('elections.detail.villagersCount')} value={c.villagersCount} />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic title={t('elections.detail.bothCount')} value={c.bothCount} />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic title={t('elections.fields.crossRate')} value={formatValue(c.crossRate, '%')} />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic
              title={t('elections.fields.dualRole')}
              value={c.dualRole ? t('elections.yes') : t('elections.no')}
            />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic
              title={t('elections.detail.tripleRole')}
              value={c.tripleRole ? t('elections.yes') : t('elections.no')}
            />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic title={t('elections.detail.women')} value={c.womenCount} />
          </Col>
          <Col xs={12} md={6} lg={3}>
            <Statistic title={t('elections.detail.averageAge')} value={formatValue(c.averageAge)} />
          </Col>
        </Row>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('elections.detail.computedNote')}
        </Typography.Paragraph>
      </Card>
      {committees.map((committee) => (
        <CommitteeCard
          key={committee}
          committee={committee}
          rows={draft.filter((row) => row.committee === committee)}
          editable={canWrite}
          onChange={change}
          onRemove={(key) => {
            setDraft((rows) => rows.filter((row) => row.key !== key));
            setDirty(true);
          }}
          onAdd={() => setPicking(committee)}
        />
      ))}
      {canWrite && (
        <Space>
          <Button
            type="primary"
            disabled={!dirty}
            loading={savingPosts}
            onClick={savePosts}
            data-testid="posts-save"
          >
            {t('elections.detail.savePosts')}
          </Button>
          {dirty && <Button onClick={() => show(election)}>{t('elections.detail.discard')}</Button>}
          {dirty && <Typography.Text type="warning">{t('elections.detail.unsaved')}</Typography.Text>}
        </Space>
      )}
      <PersonPicker
        open={picking !== null}
        unitId={election.unitId}
        unitName={election.unitName}
        title={
          picking ? t('elections.picker.title', { committee: t(`elections.committees.${picking}`) }) : ''
        }
        onPick={add}
        onClose={() => setPicking(null)}
      />
      <Modal
        open={voidOpen}
        title={t('elections.detail.voidTitle')}
        okText={t('elections.detail.void')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={voiding.saving}
        onOk={voiding.submit}
        onCancel={() => setVoidOpen(false)}
        forceRender
      >
        <Form form={voidForm} layout="vertical" name="electionVoid">
          <Form.Item
            name="reason"
            label={t('elections.detail.voidReason')}
            rules={[{ required: true, min: 2, message: t('elections.detail.voidReasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** /elections/new creates an election; /elections/:id shows and edits one with its two committees. */
export default function ElectionDetailPage() {
  const { id } = useParams();
  if (!id || id === 'new') return <CreateElection />;
  return <ElectionRecord id={id} />;
}
