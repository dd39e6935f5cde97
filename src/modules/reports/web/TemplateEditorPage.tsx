import { ArrowLeftOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Menu,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, api, handleApiError } from '../../../web/api/client';
import { templateBody } from '../dutyReport/contract';
import type { BlockTemplate } from '../dutyReport/model';
import { BlockCard, blockKinds, kindOf } from './template/BlockCard';
import {
  addBlock,
  cleanPlaceholder,
  copyOf,
  defaultPlaceholder,
  insertRun,
  moveBlock,
  type PlacedIssue,
  type PlaceholderFields,
  placeIssue,
  removeBlock,
  removeRun,
  replaceBlock,
  type TemplateDraft,
  toBody,
  updateRun,
} from './template/editorState';
import { PlaceholderModal } from './template/PlaceholderModal';
import { useIndicatorCatalog } from './template/useIndicatorCatalog';
import { useLeaveGuard } from './template/useLeaveGuard';

interface TemplateView {
  id: string;
  name: string;
  title: string;
  isDefault: boolean;
  sections: BlockTemplate[];
  updatedAt: string;
}

/** The placeholder being edited (a chip) or inserted (after a run, or at the paragraph's end). */
type Editing =
  | { mode: 'edit'; index: number; runIndex: number; initial: PlaceholderFields }
  | { mode: 'insert'; index: number; after?: number; initial: PlaceholderFields };

const BASE = '/reports/duty-templates';
const k = 'reports.dutyTemplate';
const draftOf = (view: TemplateView): TemplateDraft => ({
  name: view.name,
  title: view.title,
  sections: view.sections,
});

/** The schema's issues, placed next to what they concern (one message per place). */
function issuesOf(draft: TemplateDraft): PlacedIssue[] {
  const result = templateBody.safeParse(toBody(draft));
  if (result.success) return [];
  const seen = new Set<string>();
  return result.error.issues
    .map((issue) => placeIssue(issue.path, issue.message))
    .filter((issue) => {
      const key = JSON.stringify(issue.target);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The duty report template editor (/reports/duty-templates/:id): the templates on the left; on the right
 * the chosen one's name, title and ordered blocks — headings, paragraphs of text and placeholder chips
 * with a live preview, record lists — checked with the server's own schema before saving.
 */
export default function TemplateEditorPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  const [templates, setTemplates] = useState<TemplateView[] | null>(null);

  useEffect(() => {
    api
      .get<TemplateView[]>('/api/reports/duty-templates')
      .then(setTemplates)
      .catch(() => setTemplates([]));
  }, []);

  const fallback = templates?.find((template) => template.isDefault) ?? templates?.[0];
  useEffect(() => {
    if (!id && fallback) navigate(`${BASE}/${fallback.id}`, { replace: true });
  }, [id, fallback, navigate]);

  if (!templates || !id) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const current = templates.find((template) => template.id === id);
  const initial =
    id === 'new' && fallback ? copyOf(draftOf(fallback), t(`${k}.copySuffix`)) : current && draftOf(current);
  if (!initial) {
    return (
      <Result
        status="404"
        title={t(`${k}.notFound`)}
        extra={<Button onClick={() => navigate(BASE)}>{t(`${k}.list`)}</Button>}
      />
    );
  }
  return (
    <TemplateEditor
      key={id}
      id={id}
      initial={initial}
      templates={templates}
      onSaved={(view) =>
        setTemplates((list) => [...(list ?? []).filter((template) => template.id !== view.id), view])
      }
    />
  );
}

/** One template being edited: its state lives as long as the page shows this template. */
function TemplateEditor(props: {
  id: string;
  initial: TemplateDraft;
  templates: TemplateView[];
  onSaved: (view: TemplateView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { id, templates } = props;
  const catalog = useIndicatorCatalog();
  const root = useRef<HTMLDivElement>(null);
  const isNew = id === 'new';
  const [draft, setDraft] = useState<TemplateDraft>(props.initial);
  const [saved, setSaved] = useState(() => (isNew ? '' : JSON.stringify(props.initial)));
  const [attempted, setAttempted] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const dirty = JSON.stringify(draft) !== saved;
  const guard = useLeaveGuard(dirty, t(`${k}.leaveConfirm`), root);

  // Group labels of the placeholders already in the template, for chips and previews.
  const { loadGroups } = catalog;
  const groupedKeys = useMemo(
    () =>
      draft.sections.flatMap((block) =>
        block.type === 'paragraph'
          ? block.runs.flatMap((run) => (run.type === 'placeholder' && run.group ? [run.indicatorKey] : []))
          : [],
      ),
    [draft],
  );
  useEffect(() => {
    if (!catalog.loading) loadGroups(groupedKeys);
  }, [catalog.loading, groupedKeys, loadGroups]);

  const issues = useMemo(() => (attempted ? issuesOf(draft) : []), [attempted, draft]);

  const update = (change: (sections: BlockTemplate[]) => BlockTemplate[]) =>
    setDraft((value) => ({ ...value, sections: change(value.sections) }));
  const open = (path: string) => {
    if (guard.confirmDiscard()) navigate(path);
  };

  const save = async () => {
    setAttempted(true);
    setServerError(null);
    if (issuesOf(draft).length > 0) return;
    setSaving(true);
    try {
      const body = toBody(draft);
      const view = isNew
        ? await api.post<TemplateView>('/api/reports/duty-templates', body, { quiet: true })
        : await api.put<TemplateView>(`/api/reports/duty-templates/${id}`, body, { quiet: true });
      guard.markSaved();
      message.success(t(`${k}.saved`));
      props.onSaved(view);
      if (isNew) navigate(`${BASE}/${view.id}`, { replace: true });
      else {
        setDraft(draftOf(view));
        setSaved(JSON.stringify(draftOf(view)));
        setAttempted(false);
      }
    } catch (error) {
      if (error instanceof ApiError && [400, 404, 409].includes(error.status)) setServerError(error.message);
      else if (error instanceof ApiError) handleApiError(error);
    } finally {
      setSaving(false);
    }
  };

  const applyPlaceholder = (fields: PlaceholderFields) => {
    if (!editing) return;
    if (editing.mode === 'edit') {
      const block = draft.sections[editing.index];
      const runId = block?.type === 'paragraph' ? block.runs[editing.runIndex]?.id : undefined;
      if (runId) {
        const run = { id: runId, type: 'placeholder' as const, ...cleanPlaceholder(fields) };
        update((sections) => updateRun(sections, editing.index, editing.runIndex, run));
      }
    } else {
      update(
        (sections) =>
          insertRun(sections, editing.index, { type: 'placeholder', fields }, editing.after).sections,
      );
    }
    setEditing(null);
  };

  const templateIssue = (field: 'name' | 'title' | 'sections') =>
    issues.find((issue) => issue.target.kind === 'template' && issue.target.field === field)?.message;
  const issueLocation = (issue: PlacedIssue) => {
    const { target } = issue;
    if (target.kind === 'template')
      return t(`${k}.${target.field === 'sections' ? 'blocks' : target.field}`, {
        count: draft.sections.length,
      });
    const block = draft.sections[target.index];
    const kind = block ? t(`${k}.kinds.${kindOf(block)}`) : '';
    return target.kind === 'run'
      ? t(`${k}.runLabel`, { n: target.index + 1, run: target.runIndex + 1 })
      : t(`${k}.blockLabel`, { n: target.index + 1, kind });
  };
  const blockIssues = (index: number) =>
    issues.filter((issue) => issue.target.kind !== 'template' && issue.target.index === index);
  return (
    <div
      ref={root}
      style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}
      data-testid="template-editor"
    >
      <Card
        size="small"
        title={t(`${k}.list`)}
        style={{ width: 260, flex: '0 0 260px', position: 'sticky', top: 16 }}
        styles={{ body: { padding: 4 } }}
      >
        <Menu
          mode="inline"
          style={{ borderInlineEnd: 'none' }}
          selectedKeys={[id ?? '']}
          onClick={({ key }) => key !== id && open(`${BASE}/${key}`)}
          items={[
            ...templates.map((template) => ({
              key: template.id,
              label: (
                <span title={template.name}>
                  {template.isDefault && <Tag color="blue">{t(`${k}.default`)}</Tag>}
                  {template.name}
                </span>
              ),
            })),
            ...(isNew ? [{ key: 'new', label: t(`${k}.unsavedNew`) }] : []),
          ]}
        />
        <Button
          block
          type="dashed"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => open(`${BASE}/new`)}
          disabled={isNew}
          data-testid="template-new"
        >
          {t(`${k}.newFromDefault`)}
        </Button>
      </Card>
      <div style={{ flex: '1 1 auto', minWidth: 0 }}>
        <Card
          size="small"
          style={{ position: 'sticky', top: 0, zIndex: 5, marginBottom: 12 }}
          title={
            <Space>
              <Button
                type="text"
                icon={<ArrowLeftOutlined />}
                onClick={() => open('/reports/duty')}
                aria-label={t(`${k}.backToReports`)}
              />
              {t(`${k}.menu`)}
              {dirty && <Tag color="orange">{t(`${k}.unsaved`)}</Tag>}
            </Space>
          }
          extra={
            <Button
              type="primary"
              icon={<SaveOutlined />}
              loading={saving}
              onClick={save}
              data-testid="template-save"
            >
              {t(`${k}.save`)}
            </Button>
          }
        >
          <Form layout="vertical" component="div">
            <div
              style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 2fr)', columnGap: 16 }}
            >
              <Form.Item
                label={t(`${k}.name`)}
                required
                style={{ marginBottom: 0 }}
                {...(templateIssue('name') ? { validateStatus: 'error', help: templateIssue('name') } : {})}
              >
                <Input
                  value={draft.name}
                  maxLength={100}
                  data-testid="template-name"
                  onChange={(event) => setDraft({ ...draft, name: event.target.value })}
                />
              </Form.Item>
              <Form.Item
                label={t(`${k}.title`)}
                required
                style={{ marginBottom: 0 }}
                {...(templateIssue('title') ? { validateStatus: 'error', help: templateIssue('title') } : {})}
              >
                <Input
                  value={draft.title}
                  maxLength={100}
                  data-testid="template-title"
                  onChange={(event) => setDraft({ ...draft, title: event.target.value })}
                />
              </Form.Item>
            </div>
          </Form>
        </Card>
        {serverError && (
          <Alert
            type="error"
            showIcon
            closable
            style={{ marginBottom: 12 }}
            title={t(`${k}.serverError`, { message: serverError })}
            onClose={() => setServerError(null)}
            data-testid="template-server-error"
          />
        )}
        {issues.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="template-issues"
            title={t(`${k}.issues`, { count: issues.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {issues.slice(0, 10).map((issue) => (
                  <li key={`${JSON.stringify(issue.target)}${issue.message}`}>
                    {issueLocation(issue)}：{issue.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {draft.sections.length === 0 && <Empty description={t(`${k}.empty`)} />}
          {draft.sections.map((block, index) => (
            <BlockCard
              key={block.id}
              block={block}
              index={index}
              count={draft.sections.length}
              catalog={catalog}
              issues={blockIssues(index)}
              onChange={(next) => update((sections) => replaceBlock(sections, index, next))}
              onMove={(delta) => update((sections) => moveBlock(sections, index, delta))}
              onRemove={() => update((sections) => removeBlock(sections, index))}
              onInsertBelow={(kind) => update((sections) => addBlock(sections, kind, index))}
              onInsertRun={(type, after) =>
                type === 'text'
                  ? update((sections) => insertRun(sections, index, { type: 'text' }, after).sections)
                  : setEditing({ mode: 'insert', index, after, initial: defaultPlaceholder })
              }
              onEditPlaceholder={(runIndex) => {
                const run = block.type === 'paragraph' ? block.runs[runIndex] : undefined;
                if (run?.type !== 'placeholder') return;
                const { id: _id, type: _type, ...fields } = run;
                setEditing({ mode: 'edit', index, runIndex, initial: fields });
              }}
              onRemoveRun={(runIndex) => update((sections) => removeRun(sections, index, runIndex))}
            />
          ))}
          <Card
            size="small"
            styles={{ body: { display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' } }}
          >
            <Typography.Text strong>{t(`${k}.addBlock`)}</Typography.Text>
            {blockKinds.map((key) => (
              <Button
                key={key}
                onClick={() => update((sections) => addBlock(sections, key))}
                data-testid={`template-add-${key}`}
              >
                {t(`${k}.kinds.${key}`)}
              </Button>
            ))}
            <Typography.Text type="secondary" style={{ marginInlineStart: 'auto' }}>
              {t(`${k}.effect`)}
            </Typography.Text>
          </Card>
        </Space>
      </div>
      <PlaceholderModal
        open={editing !== null}
        creating={editing?.mode === 'insert'}
        initial={editing?.initial ?? defaultPlaceholder}
        catalog={catalog}
        onOk={applyPlaceholder}
        onCancel={() => setEditing(null)}
      />
    </div>
  );
}
