import {
  DownloadOutlined,
  FilePdfOutlined,
  LockOutlined,
  ReloadOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Popconfirm,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { lastDayOf } from '../../../platform/indicators/period';
import { api, download } from '../../../web/api/client';
import { useAccess } from '../../../web/session';
import type { DutyReportDetail } from '../dutyReport/contract';
import type { DraftBlock, DraftRun } from '../dutyReport/model';
import { type DrillTarget, EvidenceDrawer } from './EvidenceDrawer';

const figureStyle: React.CSSProperties = {
  background: '#fff3bf',
  cursor: 'pointer',
  padding: '0 2px',
  borderRadius: 2,
};
const editableStyle: React.CSSProperties = { background: '#f5f5f5', outline: 'none', borderRadius: 2 };

/** One run of a paragraph: editable text, a figure that opens its records, or a missing figure in red. */
function Run(props: {
  run: DraftRun;
  editable: boolean;
  onEdit: (runId: string, text: string) => void;
  onDrill: (run: Extract<DraftRun, { type: 'figure' }>) => void;
}) {
  const { t } = useTranslation();
  const { run } = props;
  if (run.type === 'figure') {
    return (
      <Tooltip title={t('reports.duty.figureHint', { name: run.indicatorName })}>
        {/* biome-ignore lint/a11y/useSemanticElements: an inline figure inside running text. */}
        <span
          role="button"
          tabIndex={0}
          style={figureStyle}
          data-testid={`figure-${run.id}`}
          onClick={() => props.onDrill(run)}
          onKeyDown={(event) => event.key === 'Enter' && props.onDrill(run)}
        >
          {run.text}
        </span>
      </Tooltip>
    );
  }
  if (run.type === 'missing') {
    return (
      <Tooltip title={t('reports.duty.missingHint', { key: run.indicatorKey })}>
        <Typography.Text type="danger" data-testid={`missing-${run.id}`}>
          {t('reports.duty.missing', { reason: run.reasonText })}
        </Typography.Text>
      </Tooltip>
    );
  }
  if (!props.editable) return <span>{run.text}</span>;
  return (
    // biome-ignore lint/a11y/useSemanticElements: editable text inside running text, not a form input.
    <span
      role="textbox"
      tabIndex={0}
      contentEditable
      suppressContentEditableWarning
      style={editableStyle}
      data-testid={`text-${run.id}`}
      onBlur={(event) => {
        const text = event.currentTarget.textContent ?? '';
        if (text !== run.text) props.onEdit(run.id, text);
      }}
    >
      {run.text}
    </span>
  );
}

function Block(props: {
  block: DraftBlock;
  editable: boolean;
  onEdit: (runId: string, text: string) => void;
  onDrill: (run: Extract<DraftRun, { type: 'figure' }>) => void;
}) {
  const { t } = useTranslation();
  const { block } = props;
  if (block.type === 'heading') {
    return (
      <Typography.Title level={block.level === 1 ? 4 : 5} style={{ marginTop: 16 }}>
        {block.text}
      </Typography.Title>
    );
  }
  if (block.type === 'paragraph') {
    return (
      <Typography.Paragraph style={{ textIndent: '2em', fontSize: 16, lineHeight: 2 }}>
        {block.runs.map((run) => (
          <Run
            key={run.id}
            run={run}
            editable={props.editable}
            onEdit={props.onEdit}
            onDrill={props.onDrill}
          />
        ))}
      </Typography.Paragraph>
    );
  }
  if (block.source.type === 'missing') {
    return (
      <Typography.Paragraph style={{ textIndent: '2em' }}>
        <Run run={block.source} editable={false} onEdit={props.onEdit} onDrill={props.onDrill} />
      </Typography.Paragraph>
    );
  }
  const source = block.source;
  return (
    <ol style={{ paddingLeft: '4em' }}>
      {block.items.map((item) => (
        <li key={item.id}>
          {item.title}
          {item.subtitle && <Typography.Text type="secondary">（{item.subtitle}）</Typography.Text>}
        </li>
      ))}
      {block.more > 0 && (
        <li style={{ listStyle: 'none' }}>
          <Typography.Link onClick={() => props.onDrill(source)}>
            {t('reports.duty.recordMore', { count: block.more })}
          </Typography.Link>
        </li>
      )}
    </ol>
  );
}

/** One duty report: posts, the draft with figures, missing figures and editable text; draft, lock, export. */
export function DutyReportView({ id }: { id: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const [report, setReport] = useState<DutyReportDetail | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const [keyTable, setKeyTable] = useState(false);

  const load = useCallback(() => {
    api
      .get<DutyReportDetail>(`/api/reports/duty/${id}`)
      .then(setReport)
      .catch(() => undefined);
  }, [id]);
  useEffect(load, [load]);

  const run = async (name: string, action: () => Promise<DutyReportDetail>) => {
    setBusy(name);
    try {
      setReport(await action());
      setEdits({});
    } catch {
      // Shown by the central handler.
    } finally {
      setBusy(null);
    }
  };

  if (!report) return <Card loading />;
  const editable = report.status === 'draft' && access.canSnapshotReports;
  const pending = Object.keys(edits).length;
  const onDrill = (figure: Extract<DraftRun, { type: 'figure' }>) =>
    setDrill({
      name: figure.indicatorName,
      group: figure.group ? { key: figure.group, label: figure.groupLabel ?? figure.group } : null,
      url: `/api/reports/duty/${report.id}/evidence`,
      query: { runId: figure.id },
      scopeName: [...new Set(figure.parts.map((part) => part.postTitle ?? report.unitName))].join('、'),
      periodText: figure.parts.map((part) => `${part.period.from} 至 ${lastDayOf(part.period)}`).join('；'),
      snapshotLabel: report.status === 'locked' ? (report.lockedAt ?? '') : undefined,
    });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <Link to="/reports/duty">{t('reports.duty.back')}</Link>
            <span>
              {report.authorName} · {report.year}
            </span>
            <Tag color={report.status === 'locked' ? 'blue' : 'default'}>
              {t(`reports.duty.statuses.${report.status === 'locked' ? 'locked' : 'draft'}`)}
            </Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {editable && (
              <Tooltip title={t('reports.duty.redraftHint')}>
                <Button
                  icon={<ReloadOutlined />}
                  loading={busy === 'draft'}
                  disabled={pending > 0}
                  data-testid="duty-redraft"
                  onClick={() =>
                    run('draft', () => api.post<DutyReportDetail>(`/api/reports/duty/${report.id}/draft`))
                  }
                >
                  {t('reports.duty.redraft')}
                </Button>
              </Tooltip>
            )}
            {editable && (
              <Button
                type="primary"
                icon={<SaveOutlined />}
                disabled={pending === 0}
                loading={busy === 'text'}
                data-testid="duty-save"
                onClick={() =>
                  run('text', async () => {
                    const saved = await api.patch<DutyReportDetail>(`/api/reports/duty/${report.id}/text`, {
                      edits: Object.entries(edits).map(([runId, text]) => ({ runId, text })),
                    });
                    message.success(t('reports.duty.saved'));
                    return saved;
                  })
                }
              >
                {pending > 0 ? t('reports.duty.unsaved', { count: pending }) : t('reports.duty.saveText')}
              </Button>
            )}
            {editable && (
              <Popconfirm
                title={t('reports.duty.lockConfirm')}
                disabled={pending > 0}
                onConfirm={() =>
                  run('lock', () => api.post<DutyReportDetail>(`/api/reports/duty/${report.id}/lock`))
                }
              >
                <Button
                  icon={<LockOutlined />}
                  loading={busy === 'lock'}
                  disabled={pending > 0}
                  data-testid="duty-lock"
                >
                  {t('reports.duty.lock')}
                </Button>
              </Popconfirm>
            )}
            <Checkbox checked={keyTable} onChange={(event) => setKeyTable(event.target.checked)}>
              {t('reports.duty.keyTable')}
            </Checkbox>
            <Button
              icon={<DownloadOutlined />}
              data-testid="duty-docx"
              onClick={() =>
                download(`/api/reports/duty/${report.id}/docx`, {
                  query: keyTable ? { keyTable: 'true' } : {},
                  fallbackName: `${report.year}年度述职报告.docx`,
                })
              }
            >
              {t('reports.duty.docx')}
            </Button>
            <Button
              icon={<FilePdfOutlined />}
              data-testid="duty-pdf"
              disabled={!report.pdfAvailable}
              title={report.pdfAvailable ? undefined : t('reports.duty.pdfUnavailable')}
              onClick={async () => {
                setBusy('pdf');
                try {
                  await download(`/api/reports/duty/${report.id}/pdf`, {
                    query: keyTable ? { keyTable: 'true' } : {},
                    fallbackName: `${report.year}年度述职报告.pdf`,
                  });
                } finally {
                  setBusy(null);
                }
              }}
              loading={busy === 'pdf'}
            >
              {t('reports.duty.pdf')}
            </Button>
          </Space>
        }
      >
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('reports.duty.unit')}>{report.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('reports.duty.posts')}>
            {report.posts.map((post) => (
              <div key={`${post.title}-${post.from}`}>
                {post.title}（{post.unitName}，{post.from} — {post.to ?? t('reports.duty.untilNow')}）
                {post.supervisedUnits.length > 0 &&
                  ` ${t('reports.duty.supervised')}：${post.supervisedUnits.map((unit) => unit.name).join('、')}`}
              </div>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.duty.versions')}>
            {report.versions
              .slice(0, 5)
              .map(
                (version) =>
                  `v${version.number} ${t(`reports.duty.versionKinds.${version.kind as 'draft' | 'edit' | 'lock'}`)} · ${version.createdByName} · ${new Date(version.createdAt).toLocaleString('zh-CN')}`,
              )
              .join('；')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {report.status === 'locked' && report.lockedAt && (
        <Alert
          type="info"
          showIcon
          title={t('reports.duty.lockedAt', { time: new Date(report.lockedAt).toLocaleString('zh-CN') })}
        />
      )}
      {!report.pdfAvailable && <Alert type="warning" showIcon title={t('reports.duty.pdfUnavailable')} />}
      {editable && <Typography.Text type="secondary">{t('reports.duty.editHint')}</Typography.Text>}
      <Card data-testid="duty-content">
        {report.content ? (
          <>
            <Typography.Title level={3} style={{ textAlign: 'center' }}>
              {report.content.title}
            </Typography.Title>
            <Typography.Paragraph style={{ textAlign: 'center' }}>{report.authorName}</Typography.Paragraph>
            {report.content.blocks.map((block) => (
              <Block
                key={block.id}
                block={block}
                editable={editable}
                onEdit={(runId, text) => setEdits((current) => ({ ...current, [runId]: text }))}
                onDrill={onDrill}
              />
            ))}
          </>
        ) : (
          <Typography.Text type="secondary">{t('reports.duty.notDrafted')}</Typography.Text>
        )}
      </Card>
      <EvidenceDrawer target={drill} onClose={() => setDrill(null)} />
    </Space>
  );
}
