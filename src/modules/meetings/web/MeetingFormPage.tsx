import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { App as AntApp } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { type AttachmentRef, AttachmentsField } from '../../../platform/files/web/AttachmentsField';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { UnitSelect } from '../../orgs/web';
import { meetingKindSpecs } from '../kinds';
import { OrgSelect } from './OrgSelect';
import { StandingPanel } from './StandingPanel';
import { type MeetingDetail, type MeetingKind, meetingKinds, type RosterView } from './types';

interface FormValues {
  unitId: string;
  kind: MeetingKind;
  heldOn: Dayjs;
  place: string;
  host: string;
  topic: string;
  minutes?: string;
  guests?: string;
  reportingUnitId?: string | null;
  photos?: AttachmentRef[];
  signInSheets?: AttachmentRef[];
}

type RosterMember = RosterView['members'][number];

/** Records a meeting (or corrects one): organisation, kind, date, attendees from the roster, files. */
export default function MeetingFormPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const [search] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [existing, setExisting] = useState<MeetingDetail | null>(null);
  const [roster, setRoster] = useState<RosterView | null>(null);
  const [present, setPresent] = useState<Set<string>>(new Set());
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const unitId = Form.useWatch('unitId', form);
  const kind = Form.useWatch('kind', form);
  const heldOn = Form.useWatch('heldOn', form);
  const day = heldOn ? heldOn.format('YYYY-MM-DD') : null;

  // Editing: load the record and put its values and attendance in the form.
  useEffect(() => {
    if (!id) {
      const presetKind = search.get('kind');
      form.setFieldsValue({
        unitId: search.get('unitId') ?? undefined,
        kind: (meetingKinds as readonly string[]).includes(presetKind ?? '')
          ? (presetKind as MeetingKind)
          : 'branchAssembly',
        heldOn: dayjs(),
      });
      return;
    }
    api.get<MeetingDetail>(`/api/meetings/${id}`).then((meeting) => {
      setExisting(meeting);
      form.setFieldsValue({
        unitId: meeting.unitId,
        kind: meeting.kind as MeetingKind,
        heldOn: dayjs(meeting.heldOn),
        place: meeting.place,
        host: meeting.host,
        topic: meeting.topic,
        minutes: meeting.minutes ?? undefined,
        guests: meeting.guests ?? undefined,
        reportingUnitId: meeting.reportingUnitId,
        photos: meeting.photos,
        signInSheets: meeting.signInSheets,
      });
      setPresent(new Set(meeting.attendance.filter((a) => a.present).map((a) => a.memberId)));
      setReasons(
        Object.fromEntries(
          meeting.attendance.filter((a) => !a.present).map((a) => [a.memberId, a.absenceReason ?? '']),
        ),
      );
    });
  }, [id, form, search]);

  // The roster of the organisation on the meeting day.
  useEffect(() => {
    if (!unitId || !day) {
      setRoster(null);
      return;
    }
    const controller = new AbortController();
    api
      .get<RosterView>('/api/meetings/roster', { query: { unitId, on: day }, signal: controller.signal })
      .then(setRoster)
      .catch(() => setRoster(null));
    return () => controller.abort();
  }, [unitId, day]);

  const mode = kind ? meetingKindSpecs[kind].attendance : 'all';
  const members = roster?.members ?? [];
  const hasCommittee = members.some((m) => m.post);
  const isExpected = (m: RosterMember) =>
    mode === 'all' ||
    present.has(m.id) ||
    Boolean(reasons[m.id]?.trim()) ||
    (mode === 'committee' && hasCommittee && Boolean(m.post));
  const expected = members.filter(isExpected);
  const counts = useMemo(() => {
    const count = (category: string, onlyPresent: boolean) =>
      expected.filter((m) => m.category === category && (!onlyPresent || present.has(m.id))).length;
    return {
      expectedFull: count('full', false),
      presentFull: count('full', true),
      expectedProbationary: count('probationary', false),
      presentProbationary: count('probationary', true),
    };
  }, [expected, present]);
  const noQuorum =
    kind === 'branchAssembly' && counts.expectedFull > 0 && counts.presentFull * 2 <= counts.expectedFull;

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const body = {
      kind: values.kind,
      heldOn: values.heldOn.format('YYYY-MM-DD'),
      place: values.place,
      host: values.host,
      topic: values.topic,
      minutes: values.minutes || null,
      guests: values.guests || null,
      reportingUnitId: values.kind === 'reportHearing' ? (values.reportingUnitId ?? null) : null,
      presentMemberIds: members.filter((m) => present.has(m.id)).map((m) => m.id),
      absences: expected
        .filter((m) => !present.has(m.id))
        .map((m) => ({ memberId: m.id, reason: reasons[m.id]?.trim() || null })),
      photoIds: (values.photos ?? []).map((f) => f.id),
      signInSheetIds: (values.signInSheets ?? []).map((f) => f.id),
    };
    const saved = id
      ? await api.put<MeetingDetail>(`/api/meetings/${id}`, body)
      : await api.post<MeetingDetail>('/api/meetings', { ...body, unitId: values.unitId });
    message.success(t('meetings.form.saved'));
    navigate(`/meetings/records/${saved.id}`);
  });

  const toggle = (memberId: string, checked: boolean) => {
    const next = new Set(present);
    if (checked) next.add(memberId);
    else next.delete(memberId);
    setPresent(next);
  };

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Card title={id ? t('meetings.form.editTitle') : t('meetings.form.createTitle')}>
          <Form form={form} layout="vertical" data-testid="meeting-form">
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="unitId" label={t('meetings.fields.unit')} rules={[{ required: true }]}>
                  <OrgSelect
                    disabled={Boolean(id)}
                    initialLabel={existing?.unitName ?? roster?.unitName}
                    data-testid="meeting-unit"
                    onChange={() => {
                      setPresent(new Set());
                      setReasons({});
                    }}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="kind" label={t('meetings.fields.kind')} rules={[{ required: true }]}>
                  <Select
                    data-testid="meeting-kind"
                    options={meetingKinds.map((k) => ({ value: k, label: t(`meetings.kinds.${k}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item name="heldOn" label={t('meetings.fields.heldOn')} rules={[{ required: true }]}>
                  <DatePicker
                    style={{ width: '100%' }}
                    disabledDate={(date) => date.isAfter(dayjs(), 'day')}
                    data-testid="meeting-date"
                  />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="topic"
                  label={t('meetings.fields.topic')}
                  rules={[{ required: true, whitespace: true, max: 200 }]}
                >
                  <Input data-testid="meeting-topic-input" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name="place"
                  label={t('meetings.fields.place')}
                  rules={[{ required: true, whitespace: true, max: 100 }]}
                >
                  <Input data-testid="meeting-place" />
                </Form.Item>
              </Col>
              <Col xs={24} md={6}>
                <Form.Item
                  name="host"
                  label={t('meetings.fields.host')}
                  rules={[{ required: true, whitespace: true, max: 50 }]}
                >
                  <Input data-testid="meeting-host" />
                </Form.Item>
              </Col>
              {kind === 'reportHearing' && (
                <Col xs={24} md={12}>
                  <Form.Item
                    name="reportingUnitId"
                    label={t('meetings.fields.reportingUnit')}
                    rules={[{ required: true }]}
                  >
                    <UnitSelect placeholder={t('meetings.form.reportingUnitPlaceholder')} />
                  </Form.Item>
                </Col>
              )}
            </Row>

            <Form.Item label={t('meetings.form.roster')} required={mode === 'all'}>
              {!roster ? (
                <Typography.Text type="secondary">{t('meetings.form.chooseUnitFirst')}</Typography.Text>
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text type="secondary">
                      {mode === 'all' ? t('meetings.form.rosterHint') : t('meetings.form.rosterListedHint')}
                    </Typography.Text>
                    <Button
                      size="small"
                      onClick={() => setPresent(new Set(members.map((m) => m.id)))}
                      data-testid="all-present"
                    >
                      {t('meetings.form.allPresent')}
                    </Button>
                  </Space>
                  <Table<RosterMember>
                    rowKey="id"
                    size="small"
                    pagination={false}
                    scroll={{ y: 320 }}
                    dataSource={members}
                    locale={{ emptyText: t('meetings.form.rosterEmpty') }}
                    data-testid="roster-table"
                    columns={[
                      {
                        title: t('meetings.fields.present'),
                        width: 70,
                        render: (_, m) => (
                          <Checkbox
                            checked={present.has(m.id)}
                            onChange={(event) => toggle(m.id, event.target.checked)}
                            data-testid={`present-${m.name}`}
                          />
                        ),
                      },
                      { title: t('meetings.detail.member'), dataIndex: 'name', width: 110 },
                      {
                        title: t('meetings.fields.category'),
                        dataIndex: 'category',
                        width: 110,
                        render: (category: string) => (
                          <Tag color={category === 'full' ? 'red' : 'orange'}>
                            {t(`meetings.fields.${category}`)}
                          </Tag>
                        ),
                      },
                      {
                        title: '',
                        dataIndex: 'post',
                        width: 100,
                        render: (post: string | null) => post ?? '',
                      },
                      {
                        title: t('meetings.form.absenceReason'),
                        render: (_, m) =>
                          present.has(m.id) ? null : (
                            <Input
                              size="small"
                              maxLength={100}
                              value={reasons[m.id] ?? ''}
                              placeholder={
                                isExpected(m)
                                  ? t('meetings.form.absenceReason')
                                  : t('meetings.form.listAbsent')
                              }
                              onChange={(event) => setReasons({ ...reasons, [m.id]: event.target.value })}
                              data-testid={`reason-${m.name}`}
                            />
                          ),
                      },
                    ]}
                  />
                  <Typography.Text data-testid="attendance-summary">
                    {t('meetings.form.summary', counts)}
                  </Typography.Text>
                  {noQuorum && (
                    <Alert
                      type="warning"
                      showIcon
                      title={t('meetings.form.quorumWarning')}
                      data-testid="quorum-warning"
                    />
                  )}
                </Space>
              )}
            </Form.Item>

            <Form.Item name="minutes" label={t('meetings.fields.minutes')} rules={[{ max: 20000 }]}>
              <Input.TextArea rows={5} />
            </Form.Item>
            <Form.Item name="guests" label={t('meetings.fields.guests')} rules={[{ max: 500 }]}>
              <Input />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={14}>
                <Form.Item
                  name="photos"
                  label={t('meetings.fields.photos')}
                  extra={t('meetings.form.photosHint')}
                >
                  <AttachmentsField unitId={unitId} pictures maxCount={20} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item
                  name="signInSheets"
                  label={t('meetings.fields.signInSheets')}
                  extra={t('meetings.form.sheetHint')}
                >
                  <AttachmentsField unitId={unitId} maxCount={5} />
                </Form.Item>
              </Col>
            </Row>
            <Space>
              <Button type="primary" loading={saving} onClick={submit} data-testid="meeting-submit">
                {t('meetings.form.submit')}
              </Button>
              <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <StandingPanel unitId={unitId ?? null} />
      </Col>
    </Row>
  );
}
