import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
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
import { type AttachmentRef, AttachmentsField } from '../../../platform/files/web/AttachmentsField';
import { api } from '../../../web/api/client';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { useAccess } from '../../../web/session';
import { ProgressCell } from './ProgressCell';
import {
  type AssessmentView,
  assessmentResults,
  type CenterAssessments,
  type CenterDetail,
  resultColor,
  type StandardWithHistory,
} from './types';

function ResultsTable({ assessment }: { assessment: AssessmentView }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="itemId"
      pagination={false}
      dataSource={assessment.results}
      columns={[
        { title: t('centers.assessment.item'), dataIndex: 'itemTitle', width: 220 },
        {
          title: t('centers.assessment.result'),
          dataIndex: 'result',
          width: 110,
          render: (result: AssessmentView['results'][number]['result']) => (
            <Tag color={resultColor[result]}>{t(`centers.results.${result}`)}</Tag>
          ),
        },
        {
          title: t('centers.assessment.evidence'),
          dataIndex: 'evidenceNote',
          render: (v: string) => v || '—',
        },
        {
          title: t('centers.assessment.files'),
          dataIndex: 'files',
          width: 200,
          render: (files: AssessmentView['results'][number]['files']) =>
            files.length === 0 ? (
              '—'
            ) : (
              <Space orientation="vertical" size={0}>
                {files.map((file) => (
                  <Typography.Link key={file.id} href={file.url} target="_blank">
                    {file.name}
                  </Typography.Link>
                ))}
              </Space>
            ),
        },
      ]}
    />
  );
}

interface AssessmentForm {
  assessedOn: Dayjs;
  note: string;
  results: Array<{ itemId: string; result: string; evidenceNote: string; files: AttachmentRef[] }>;
}

function AssessmentModal({
  centre,
  standard,
  onClose,
  onSaved,
}: {
  centre: CenterDetail;
  standard: StandardWithHistory | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AssessmentForm>();
  useEffect(() => {
    if (!standard) return;
    const previous = new Map(standard.latest?.results.map((r) => [r.itemId, r.result]) ?? []);
    form.setFieldsValue({
      assessedOn: dayjs(),
      note: '',
      results: standard.items.map((item) => ({
        itemId: item.id,
        result: previous.get(item.id) ?? 'notMet',
        evidenceNote: '',
        files: [],
      })),
    });
  }, [standard, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    await api.post(
      `/api/centers/${centre.id}/assessments`,
      {
        standardId: standard!.id,
        assessedOn: values.assessedOn.format('YYYY-MM-DD'),
        note: values.note ?? '',
        results: values.results.map((r) => ({
          itemId: r.itemId,
          result: r.result,
          evidenceNote: r.evidenceNote ?? '',
          fileIds: (r.files ?? []).map((f) => f.id),
        })),
      },
      { quiet: true },
    );
    onSaved();
  });
  return (
    <Modal
      open={standard !== null}
      title={t('centers.assessment.title', { name: standard?.name ?? '' })}
      width={860}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="assessment-form">
        <Space size="large">
          <Form.Item
            name="assessedOn"
            label={t('centers.assessment.assessedOn')}
            rules={[{ required: true }]}
          >
            <DatePicker disabledDate={(day) => day.isAfter(dayjs(), 'day')} allowClear={false} />
          </Form.Item>
          <Form.Item name="note" label={t('centers.assessment.note')}>
            <Input style={{ width: 420 }} maxLength={1000} />
          </Form.Item>
        </Space>
        <Form.List name="results">
          {(fields) =>
            fields.map((field, index) => {
              const item = standard?.items[index];
              return (
                <Card key={field.key} size="small" style={{ marginBottom: 8 }} title={item?.title}>
                  {item?.description && (
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                      {item.description}（{t(`centers.evidenceKinds.${item.evidenceKind}`)}）
                    </Typography.Paragraph>
                  )}
                  <Form.Item name={[field.name, 'result']} style={{ marginBottom: 8 }}>
                    <Radio.Group
                      optionType="button"
                      options={assessmentResults.map((r) => ({ value: r, label: t(`centers.results.${r}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'evidenceNote']} style={{ marginBottom: 8 }}>
                    <Input placeholder={t('centers.assessment.evidence')} maxLength={500} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'files']} style={{ marginBottom: 0 }}>
                    <AttachmentsField unitId={centre.unitId} />
                  </Form.Item>
                </Card>
              );
            })
          }
        </Form.List>
      </Form>
    </Modal>
  );
}

/** The 标准评估 tab: progress, each applicable standard's latest results and its history, new assessment. */
export function AssessmentTab({ centre, onChanged }: { centre: CenterDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const access = useAccess();
  const { message } = App.useApp();
  const [data, setData] = useState<CenterAssessments | null>(null);
  const [assessing, setAssessing] = useState<StandardWithHistory | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await api.get<CenterAssessments>(`/api/centers/${centre.id}/assessments`));
    } catch {
      // Shown by the central handler.
    }
  }, [centre.id]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!data) return <Spin />;
  const { progress } = data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space size={48} wrap>
          <Statistic
            title={t('centers.assessment.progress')}
            valueRender={() => <ProgressCell progress={progress} />}
          />
          {progress.share !== null && (
            <Statistic
              title={t('centers.assessment.progressValue', {
                met: progress.metCount,
                total: progress.itemCount,
              })}
              value={
                progress.meetsStandard
                  ? t('centers.assessment.meetsStandard')
                  : t('centers.assessment.notMeeting')
              }
              valueStyle={{ fontSize: 18, color: progress.meetsStandard ? '#389e0d' : '#d46b08' }}
            />
          )}
          {progress.partlyCount > 0 && (
            <Typography.Text type="secondary">
              {t('centers.assessment.partly', { count: progress.partlyCount })}
            </Typography.Text>
          )}
          {progress.lastAssessedOn && (
            <Typography.Text type="secondary">
              {t('centers.assessment.lastAssessedOn', { date: progress.lastAssessedOn })}
            </Typography.Text>
          )}
        </Space>
      </Card>
      {data.standards.length === 0 && (
        <Alert type="info" showIcon title={t('centers.assessment.noStandard')} />
      )}
      {data.standards.map((standard) => (
        <Card
          key={standard.id}
          size="small"
          title={
            <Space>
              {standard.name}
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {standard.unitName}
              </Typography.Text>
            </Space>
          }
          extra={
            access.canWriteCenters && (
              <Button
                type="primary"
                size="small"
                icon={<PlusOutlined />}
                onClick={() => setAssessing(standard)}
                data-testid="assessment-create"
              >
                {t('centers.assessment.create')}
              </Button>
            )
          }
        >
          {standard.latest ? (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>
                {t('centers.assessment.latest', {
                  date: standard.latest.assessedOn,
                  assessor: standard.latest.assessorName,
                })}
              </Typography.Text>
              {standard.latest.note && (
                <Typography.Text type="secondary">{standard.latest.note}</Typography.Text>
              )}
              <ResultsTable assessment={standard.latest} />
              {standard.history.length > 1 && (
                <Collapse
                  size="small"
                  items={[
                    {
                      key: 'history',
                      label: t('centers.assessment.history', { count: standard.history.length }),
                      children: (
                        <Collapse
                          size="small"
                          items={standard.history.map((a) => ({
                            key: a.id,
                            label: t('centers.assessment.historyRow', {
                              date: a.assessedOn,
                              assessor: a.assessorName,
                              met: a.metCount,
                              total: a.itemCount,
                            }),
                            children: <ResultsTable assessment={a} />,
                          }))}
                        />
                      ),
                    },
                  ]}
                />
              )}
            </Space>
          ) : (
            <Empty description={t('centers.assessment.neverAssessed')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          )}
        </Card>
      ))}
      <AssessmentModal
        centre={centre}
        standard={assessing}
        onClose={() => setAssessing(null)}
        onSaved={() => {
          setAssessing(null);
          message.success(t('centers.assessment.saved'));
          void load();
          onChanged();
        }}
      />
    </Space>
  );
}
