import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Progress, Result, Space, Steps, Table, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, download, upload } from '../api/client';
import type { ImportJob, ImportPreviewRow, ImportRowError } from '../api/types';
import { usePagedList } from '../hooks/usePagedList';

/** Props of the generic Excel import dialog used by every module. */
export interface ImportDialogProps {
  open: boolean;
  /** Dialog title, e.g. "导入单位". */
  title: string;
  /** Multipart endpoint that receives the file (field `file`) and answers an ImportJob, e.g. `/api/orgs/import`. */
  uploadUrl: string;
  /** Template download, e.g. `/api/orgs/import/template`. */
  templateUrl: string;
  /** File name for the template when the server sends none. */
  templateFileName?: string;
  /** Optional header text for preview columns, by the preview `values` key. */
  columnLabels?: Record<string, string>;
  /** A short hint under the upload area (e.g. how the parent path is written). */
  hint?: string;
  onClose: () => void;
  /** Called once after a successful commit, with the finished job. */
  onImported?: (job: ImportJob) => void;
}

const POLL_INTERVAL_MS = 500;
const BUSY: ImportJob['status'][] = ['validating', 'committing'];

/** Number of distinct rows that have at least one error. */
export function countErrorRows(errors: ImportRowError[]): number {
  return new Set(errors.map((error) => error.row)).size;
}

function stepOf(job: ImportJob | null): number {
  if (!job) return 0;
  if (job.status === 'validating' || job.status === 'invalid') return 1;
  if (job.status === 'ready' || job.status === 'committing') return 2;
  return 3;
}

function percent(job: ImportJob): number {
  if (job.totalRows <= 0) return 0;
  return Math.min(100, Math.round((job.processedRows / job.totalRows) * 100));
}

/**
 * The generic Excel import flow: template + upload (with progress) → validation progress → errors
 * (nothing written) or preview → all-or-nothing commit → result.
 */
export function ImportDialogBody(props: ImportDialogProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [committing, setCommitting] = useState(false);
  const reportedJobId = useRef<string | null>(null);
  const { onImported } = props;

  const reset = useCallback(() => {
    setJob(null);
    setUploadPercent(null);
    setCommitting(false);
  }, []);

  // Each opening starts fresh.
  useEffect(() => {
    if (props.open) reset();
  }, [props.open, reset]);

  // Poll while the server validates or commits.
  useEffect(() => {
    if (!props.open || !job || !BUSY.includes(job.status)) return;
    const timer = setTimeout(async () => {
      try {
        setJob(await api.get<ImportJob>(`/api/imports/${job.id}`));
      } catch {
        // The central handler has shown the problem; stop polling on a stale job.
        setJob({ ...job, status: 'failed', message: job.message ?? t('import.pollFailed') });
      }
    }, POLL_INTERVAL_MS);
    return () => clearTimeout(timer);
  }, [props.open, job, t]);

  useEffect(() => {
    if (job?.status !== 'done' || reportedJobId.current === job.id) return;
    reportedJobId.current = job.id;
    message.success(t('import.doneMessage', { count: job.validRows || job.totalRows }));
    onImported?.(job);
  }, [job, message, onImported, t]);

  const startUpload = async (file: File) => {
    if (!/\.xlsx$/i.test(file.name)) {
      message.error(t('import.wrongFileType'));
      return;
    }
    setJob(null);
    setUploadPercent(0);
    try {
      const created = await upload<ImportJob>(props.uploadUrl, file, setUploadPercent);
      setJob(created);
    } catch {
      // Shown by the central handler.
    } finally {
      setUploadPercent(null);
    }
  };

  const commit = async () => {
    if (!job) return;
    setCommitting(true);
    try {
      setJob(await api.post<ImportJob>(`/api/imports/${job.id}/commit`));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409)
        setJob({ ...job, status: 'failed', message: error.message });
    } finally {
      setCommitting(false);
    }
  };

  const busy = uploadPercent !== null || (job !== null && BUSY.includes(job.status)) || committing;

  return (
    <Modal
      open={props.open}
      title={props.title}
      width={880}
      onCancel={props.onClose}
      destroyOnHidden
      mask={{ closable: !busy }}
      footer={
        <DialogFooter
          job={job}
          committing={committing}
          onCommit={commit}
          onRestart={reset}
          onClose={props.onClose}
        />
      }
    >
      <Steps
        size="small"
        current={stepOf(job)}
        status={job?.status === 'invalid' || job?.status === 'failed' ? 'error' : undefined}
        style={{ marginTop: 16, marginBottom: 24 }}
        items={[
          { title: t('import.stepUpload') },
          { title: t('import.stepValidate') },
          { title: t('import.stepPreview') },
          { title: t('import.stepDone') },
        ]}
      />
      {!job && (
        <UploadStep
          templateUrl={props.templateUrl}
          templateFileName={props.templateFileName}
          hint={props.hint}
          uploadPercent={uploadPercent}
          onFile={startUpload}
        />
      )}
      {job && BUSY.includes(job.status) && <ProgressStep job={job} />}
      {job?.status === 'invalid' && <ErrorsStep job={job} />}
      {job?.status === 'ready' && <PreviewStep job={job} columnLabels={props.columnLabels} />}
      {job?.status === 'done' && (
        <Result
          status="success"
          title={t('import.doneTitle')}
          subTitle={t('import.doneDetail', { count: job.validRows || job.totalRows, fileName: job.fileName })}
        />
      )}
      {job?.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('import.failedTitle')}
          description={job.message ?? t('import.failedUnknown')}
        />
      )}
    </Modal>
  );
}

function DialogFooter(props: {
  job: ImportJob | null;
  committing: boolean;
  onCommit: () => void;
  onRestart: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { job } = props;
  if (job?.status === 'ready') {
    return (
      <Space>
        <Button onClick={props.onRestart}>{t('import.reupload')}</Button>
        <Button
          type="primary"
          loading={props.committing}
          onClick={props.onCommit}
          data-testid="import-commit"
        >
          {t('import.commit')}
        </Button>
      </Space>
    );
  }
  if (job?.status === 'invalid' || job?.status === 'failed') {
    return (
      <Space>
        <Button onClick={props.onClose}>{t('common.close')}</Button>
        <Button type="primary" onClick={props.onRestart} data-testid="import-restart">
          {t('import.reupload')}
        </Button>
      </Space>
    );
  }
  return (
    <Button onClick={props.onClose}>{job?.status === 'done' ? t('common.done') : t('common.close')}</Button>
  );
}

function UploadStep(props: {
  templateUrl: string;
  templateFileName?: string;
  hint?: string;
  uploadPercent: number | null;
  onFile: (file: File) => void;
}) {
  const { t } = useTranslation();
  const [downloading, setDownloading] = useState(false);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('import.templateIntro')}</Typography.Text>
        <Button
          icon={<DownloadOutlined />}
          loading={downloading}
          onClick={async () => {
            setDownloading(true);
            try {
              await download(props.templateUrl, {
                fallbackName: props.templateFileName ?? t('import.templateFileName'),
              });
            } catch {
              // Shown by the central handler.
            } finally {
              setDownloading(false);
            }
          }}
        >
          {t('import.downloadTemplate')}
        </Button>
      </Space>
      <Upload.Dragger
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={props.uploadPercent !== null}
        beforeUpload={(file) => {
          props.onFile(file);
          // The file goes up through our own uploader (CSRF header, central errors).
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.dropHere')}</p>
        <p className="ant-upload-hint">{props.hint ?? t('import.uploadHint')}</p>
      </Upload.Dragger>
      {props.uploadPercent !== null && (
        <div>
          <Typography.Text>{t('import.uploading')}</Typography.Text>
          <Progress percent={props.uploadPercent} status="active" />
        </div>
      )}
    </Space>
  );
}

function ProgressStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const label = job.status === 'committing' ? t('import.committing') : t('import.validating');
  return (
    <div style={{ padding: '24px 0' }} data-testid="import-progress">
      <Typography.Paragraph>
        {label}
        {job.totalRows > 0 &&
          ` ${t('import.progressRows', { processed: job.processedRows, total: job.totalRows })}`}
      </Typography.Paragraph>
      <Progress percent={percent(job)} status="active" />
    </div>
  );
}

function ErrorsStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const rows = countErrorRows(job.errors);
  const sorted = useMemo(() => [...job.errors].sort((a, b) => a.row - b.row), [job.errors]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-errors">
      <Alert type="error" showIcon title={t('import.invalidSummary', { count: rows })} />
      <Table<ImportRowError>
        size="small"
        rowKey={(error) => `${error.row}-${error.field}-${error.message}`}
        dataSource={sorted}
        pagination={{
          pageSize: 10,
          hideOnSinglePage: true,
          showTotal: (total) => t('common.total', { total }),
        }}
        columns={[
          {
            title: t('import.colRow'),
            dataIndex: 'row',
            width: 90,
            render: (row: number) => t('import.rowNumber', { row }),
          },
          { title: t('import.colField'), dataIndex: 'field', width: 160 },
          { title: t('import.colProblem'), dataIndex: 'message' },
        ]}
      />
    </Space>
  );
}

function PreviewStep({ job, columnLabels }: { job: ImportJob; columnLabels?: Record<string, string> }) {
  const { t } = useTranslation();
  const preview = usePagedList<ImportPreviewRow>(`/api/imports/${job.id}/preview`, {}, { pageSize: 10 });
  const keys = useMemo(() => {
    // Labelled columns first, in the order given; then anything else the server sent.
    const seen = new Set<string>(Object.keys(columnLabels ?? {}));
    for (const item of preview.items) for (const key of Object.keys(item.values)) seen.add(key);
    return [...seen];
  }, [preview.items, columnLabels]);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-preview">
      <Alert
        type="success"
        showIcon
        title={t('import.readySummary', { count: job.validRows || job.totalRows })}
      />
      <Table<ImportPreviewRow>
        size="small"
        rowKey="row"
        loading={preview.loading}
        dataSource={preview.items}
        pagination={preview.pagination}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('import.colRow'), dataIndex: 'row', width: 80, fixed: 'left' },
          ...keys.map((key) => ({
            title: columnLabels?.[key] ?? key,
            key,
            render: (_: unknown, item: ImportPreviewRow) => item.values[key] ?? '',
          })),
        ]}
      />
    </Space>
  );
}
