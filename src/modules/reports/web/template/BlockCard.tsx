import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  EllipsisOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import {
  Button,
  Card,
  Dropdown,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { BlockTemplate, PlaceholderTemplate, RunTemplate } from '../../dutyReport/model';
import { type NewBlockKind, type PlacedIssue, placeholderLabel, previewText } from './editorState';
import { PlaceholderFieldsForm } from './PlaceholderFieldsForm';
import type { IndicatorCatalog } from './useIndicatorCatalog';

const k = 'reports.dutyTemplate';
export const blockKinds: NewBlockKind[] = ['heading1', 'heading2', 'heading3', 'paragraph', 'recordList'];

export const kindOf = (block: BlockTemplate): NewBlockKind =>
  block.type === 'heading' ? (`heading${block.level}` as NewBlockKind) : block.type;

/** The names used in previews: indicator names from the registry, group labels once read. */
export function namesOf(catalog: IndicatorCatalog) {
  return {
    indicator: (key: string) => catalog.find(key)?.name,
    group: (key: string, group: string) => catalog.groupsOf(key)?.find((g) => g.key === group)?.label,
  };
}

function scopeText(scope: string, t: TFunction) {
  return scope === 'authorPost' || scope === 'supervisedUnits'
    ? t(`${k}.scopes.${scope}`)
    : t(`${k}.scopes.unit`);
}

export interface BlockCardProps {
  block: BlockTemplate;
  index: number;
  count: number;
  catalog: IndicatorCatalog;
  issues: PlacedIssue[];
  onChange: (block: BlockTemplate) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
  onInsertBelow: (kind: NewBlockKind) => void;
  /** Insert a text run or open the placeholder form for a new one, after run `after` (end when omitted). */
  onInsertRun: (type: 'text' | 'placeholder', after?: number) => void;
  onEditPlaceholder: (runIndex: number) => void;
  onRemoveRun: (runIndex: number) => void;
}

/** One block of the template: its kind, move/delete/insert actions, and its editor. */
export function BlockCard(props: BlockCardProps) {
  const { t } = useTranslation();
  const { block, index, count } = props;
  const kind = kindOf(block);
  const messages = [...new Set(props.issues.map((issue) => issue.message))];
  return (
    <Card
      size="small"
      data-testid={`template-block-${index}`}
      style={messages.length > 0 ? { borderColor: '#ff4d4f' } : undefined}
      title={
        <Space size={8}>
          <Typography.Text type="secondary">{index + 1}</Typography.Text>
          <Tag color={block.type === 'heading' ? 'blue' : block.type === 'paragraph' ? 'default' : 'purple'}>
            {t(`${k}.kinds.${kind}`)}
          </Tag>
        </Space>
      }
      extra={
        <Space size={0}>
          <Tooltip title={t(`${k}.moveUp`)}>
            <Button
              type="text"
              size="small"
              icon={<ArrowUpOutlined />}
              disabled={index === 0}
              onClick={() => props.onMove(-1)}
              aria-label={t(`${k}.moveUp`)}
              data-testid={`block-up-${index}`}
            />
          </Tooltip>
          <Tooltip title={t(`${k}.moveDown`)}>
            <Button
              type="text"
              size="small"
              icon={<ArrowDownOutlined />}
              disabled={index === count - 1}
              onClick={() => props.onMove(1)}
              aria-label={t(`${k}.moveDown`)}
              data-testid={`block-down-${index}`}
            />
          </Tooltip>
          <Dropdown
            rootClassName="template-editor-popup"
            menu={{
              items: blockKinds.map((key) => ({ key, label: t(`${k}.kinds.${key}`) })),
              onClick: ({ key }) => props.onInsertBelow(key as NewBlockKind),
            }}
          >
            <Button type="text" size="small" icon={<PlusOutlined />}>
              {t(`${k}.insertBelow`)}
            </Button>
          </Dropdown>
          <Popconfirm title={t(`${k}.removeConfirm`)} onConfirm={props.onRemove}>
            <Button
              type="text"
              size="small"
              danger
              icon={<DeleteOutlined />}
              aria-label={t(`${k}.remove`)}
              data-testid={`block-remove-${index}`}
            />
          </Popconfirm>
        </Space>
      }
    >
      {block.type === 'heading' && (
        <HeadingEditor block={block} onChange={props.onChange} issues={props.issues} />
      )}
      {block.type === 'paragraph' && <ParagraphEditor {...props} block={block} />}
      {block.type === 'recordList' && <RecordListEditor {...props} block={block} />}
      {messages.map((message) => (
        <Typography.Text key={message} type="danger" style={{ display: 'block', marginTop: 4 }}>
          {message}
        </Typography.Text>
      ))}
    </Card>
  );
}

function HeadingEditor(props: {
  block: Extract<BlockTemplate, { type: 'heading' }>;
  onChange: (block: BlockTemplate) => void;
  issues: PlacedIssue[];
}) {
  const { t } = useTranslation();
  const { block } = props;
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        aria-label={t(`${k}.headingLevel`)}
        value={block.level}
        style={{ width: 120 }}
        onChange={(level) => props.onChange({ ...block, level })}
        options={([1, 2, 3] as const).map((level) => ({
          value: level,
          label: t(`${k}.kinds.heading${level}`),
        }))}
      />
      <Input
        aria-label={t(`${k}.headingText`)}
        value={block.text}
        maxLength={200}
        status={props.issues.length > 0 ? 'error' : undefined}
        placeholder={t(`${k}.headingPlaceholder`)}
        onChange={(event) => props.onChange({ ...block, text: event.target.value })}
        style={{ fontWeight: block.level === 1 ? 600 : 500 }}
      />
    </Space.Compact>
  );
}

function RunMenu(props: BlockCardProps & { runIndex: number }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      rootClassName="template-editor-popup"
      trigger={['click']}
      menu={{
        items: [
          { key: 'text', label: t(`${k}.insertText`) },
          { key: 'placeholder', label: t(`${k}.insertPlaceholder`) },
          { type: 'divider' },
          { key: 'remove', label: t(`${k}.removeRun`), danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'remove') props.onRemoveRun(props.runIndex);
          else props.onInsertRun(key as 'text' | 'placeholder', props.runIndex);
        },
      }}
    >
      <Button
        type="text"
        size="small"
        icon={<EllipsisOutlined />}
        aria-label={t(`${k}.insertAfter`)}
        data-testid={`run-menu-${props.index}-${props.runIndex}`}
      />
    </Dropdown>
  );
}

function Chip(props: {
  run: PlaceholderTemplate;
  catalog: IndicatorCatalog;
  error: boolean;
  onClick: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const { run } = props;
  const unknown = !props.catalog.loading && !!run.indicatorKey && !props.catalog.find(run.indicatorKey);
  return (
    <Tooltip title={t(`${k}.chipHint`)}>
      <Tag
        color={props.error || unknown ? 'red' : 'gold'}
        style={{ cursor: 'pointer', marginInlineEnd: 0, padding: '2px 8px', lineHeight: '20px' }}
        onClick={props.onClick}
        data-testid={props.testId}
        role="button"
      >
        <span style={{ fontWeight: 500 }}>{placeholderLabel(run, namesOf(props.catalog))}</span>
        <span style={{ opacity: 0.7, marginInlineStart: 6, fontSize: 12 }}>
          {scopeText(run.scope, t)}·{t(`${k}.periods.${run.period}`)}
          {run.rounding === 'approx' ? `·${t(`${k}.roundings.approx`).slice(0, 2)}` : ''}
        </span>
      </Tag>
    </Tooltip>
  );
}

function ParagraphEditor(props: BlockCardProps & { block: Extract<BlockTemplate, { type: 'paragraph' }> }) {
  const { t } = useTranslation();
  const { block, index } = props;
  const runHasIssue = (runIndex: number) =>
    props.issues.some((issue) => issue.target.kind === 'run' && issue.target.runIndex === runIndex);
  const setText = (runIndex: number, text: string) =>
    props.onChange({
      ...block,
      runs: block.runs.map(
        (run, i): RunTemplate => (i === runIndex && run.type === 'text' ? { ...run, text } : run),
      ),
    });
  const preview = previewText(block.runs, namesOf(props.catalog));
  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
        {block.runs.map((run, runIndex) => (
          <span
            key={run.id}
            style={{
              display: 'inline-flex',
              alignItems: 'center',
              gap: 2,
              flex: run.type === 'text' ? `1 1 ${Math.min(640, 120 + run.text.length * 14)}px` : '0 0 auto',
              maxWidth: '100%',
            }}
          >
            {run.type === 'text' ? (
              <Input.TextArea
                value={run.text}
                autoSize={{ minRows: 1, maxRows: 8 }}
                maxLength={5000}
                placeholder={t(`${k}.textPlaceholder`)}
                status={runHasIssue(runIndex) ? 'error' : undefined}
                onChange={(event) => setText(runIndex, event.target.value)}
                data-testid={`run-text-${index}-${runIndex}`}
              />
            ) : (
              <Chip
                run={run}
                catalog={props.catalog}
                error={runHasIssue(runIndex)}
                onClick={() => props.onEditPlaceholder(runIndex)}
                testId={`chip-${index}-${runIndex}`}
              />
            )}
            <RunMenu {...props} runIndex={runIndex} />
          </span>
        ))}
        <Space size={4}>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => props.onInsertRun('text')}
            data-testid={`append-text-${index}`}
          >
            {t(`${k}.appendText`)}
          </Button>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => props.onInsertRun('placeholder')}
            data-testid={`append-placeholder-${index}`}
          >
            {t(`${k}.appendPlaceholder`)}
          </Button>
        </Space>
      </div>
      <div
        data-testid={`preview-${index}`}
        style={{ marginTop: 8, padding: '6px 10px', background: '#fafafa', borderRadius: 6, lineHeight: 1.8 }}
      >
        <Typography.Text type="secondary" style={{ marginInlineEnd: 8 }}>
          {t(`${k}.preview`)}
        </Typography.Text>
        {preview || <Typography.Text type="secondary">{t(`${k}.previewEmpty`)}</Typography.Text>}
      </div>
    </div>
  );
}

function RecordListEditor(props: BlockCardProps & { block: Extract<BlockTemplate, { type: 'recordList' }> }) {
  const { t } = useTranslation();
  const { block } = props;
  const errors = Object.fromEntries(
    props.issues.flatMap((issue) =>
      issue.target.kind === 'block' && issue.target.field ? [[issue.target.field, issue.message]] : [],
    ),
  );
  const name = placeholderLabel(block.placeholder, namesOf(props.catalog)).slice(1, -1);
  return (
    <div>
      <Typography.Text strong>{t(`${k}.listSource`)}</Typography.Text>
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
          columnGap: 16,
          marginTop: 8,
        }}
      >
        <PlaceholderFieldsForm
          catalog={props.catalog}
          value={block.placeholder}
          errors={errors}
          figure={false}
          onChange={(placeholder) => props.onChange({ ...block, placeholder })}
        />
        <div>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t(`${k}.listMax`)}</Typography.Paragraph>
          <InputNumber
            min={1}
            max={100}
            precision={0}
            value={block.max}
            onChange={(max) => props.onChange({ ...block, max: max ?? 1 })}
            suffix={t(`${k}.listMaxSuffix`)}
            data-testid={`list-max-${props.index}`}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t(`${k}.listPreview`, { name, max: block.max })}
          </Typography.Paragraph>
        </div>
      </div>
    </div>
  );
}
