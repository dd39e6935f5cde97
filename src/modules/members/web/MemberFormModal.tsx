import {
  AutoComplete,
  App,
  Alert,
  DatePicker,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Select,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Page, Person } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { PartyUnitSelect } from './PartyUnitSelect';
import { commonEthnicities, commonPosts, educationLevels, type MemberDetail } from './types';

interface Values {
  personMode: 'new' | 'existing';
  personId?: string;
  name?: string;
  idNumber?: string;
  ethnicity?: string;
  phone?: string;
  unitId?: string;
  category?: 'full' | 'probationary';
  joinedOn?: Dayjs | null;
  fullOn?: Dayjs | null;
  education?: string | null;
  post?: string | null;
  awaySince?: Dayjs | null;
  lastContactOn?: Dayjs | null;
}

const iso = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);
const day = (value: string | null | undefined) => (value ? dayjs(value) : null);

/** Searches registered people (name, pinyin initials or ID number) to make one of them a member. */
function PersonSelect(props: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
}) {
  const { t } = useTranslation();
  const [hits, setHits] = useState<Person[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      try {
        const page = await api.get<Page<Person>>('/api/people', {
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
      placeholder={t('members.fields.personSearch')}
      onOpenChange={(open) => {
        if (open && hits.length === 0) search('');
      }}
      options={hits.map((p) => ({ value: p.id, label: `${p.name}（${p.idNumberMasked}）`, person: p }))}
      optionRender={(option) => (
        <div>
          <div>{option.data.label}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {option.data.person.unitName}
          </Typography.Text>
        </div>
      )}
    />
  );
}

/** Adds a member (a registered person or a new one) or edits a member's Party data. */
export function MemberFormModal(props: {
  open: boolean;
  member?: MemberDetail;
  defaultUnitId?: string | null;
  onClose: () => void;
  onSaved: (member: MemberDetail) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const editing = !!props.member;
  const personMode = Form.useWatch('personMode', form);
  const category = Form.useWatch('category', form) ?? props.member?.category;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    const m = props.member;
    form.setFieldsValue(
      m
        ? {
            joinedOn: day(m.joinedOn),
            fullOn: day(m.fullOn),
            education: m.education,
            post: m.post,
            awaySince: day(m.awaySince),
            lastContactOn: day(m.lastContactOn),
          }
        : { personMode: 'new', category: 'full', unitId: props.defaultUnitId ?? undefined },
    );
  }, [props.open, props.member, props.defaultUnitId, form]);

  const { saving, submit } = useFormSubmit(form, async (values) => {
    const party = {
      joinedOn: iso(values.joinedOn),
      fullOn: (props.member?.category ?? values.category) === 'full' ? iso(values.fullOn) : null,
      education: values.education ?? null,
      post: values.post || null,
      awaySince: iso(values.awaySince),
      lastContactOn: iso(values.lastContactOn),
    };
    if (props.member) {
      const saved = await api.patch<MemberDetail>(`/api/members/${props.member.id}`, party, { quiet: true });
      message.success(t('members.form.saved'));
      props.onSaved(saved);
      return;
    }
    const person =
      values.personMode === 'existing'
        ? { personId: values.personId }
        : {
            name: values.name,
            idNumber: values.idNumber,
            ethnicity: values.ethnicity || null,
            phone: values.phone || null,
          };
    const saved = await api.post<MemberDetail>(
      '/api/members',
      { ...person, unitId: values.unitId, category: values.category, ...party },
      { quiet: true },
    );
    message.success(t('members.form.added'));
    props.onSaved(saved);
  });

  return (
    <Modal
      open={props.open}
      title={editing ? t('members.form.editTitle') : t('members.form.addTitle')}
      onCancel={props.onClose}
      onOk={submit}
      confirmLoading={saving}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      width={640}
      destroyOnHidden
      forceRender
    >
      <Form form={form} layout="vertical" requiredMark>
        {!editing && (
          <>
            <Form.Item name="personMode" label={t('members.fields.personMode')}>
              <Segmented
                options={[
                  { value: 'new', label: t('members.fields.newPerson') },
                  { value: 'existing', label: t('members.fields.existingPerson') },
                ]}
              />
            </Form.Item>
            {personMode === 'existing' ? (
              <Form.Item name="personId" label={t('members.fields.person')} rules={[{ required: true }]}>
                <PersonSelect />
              </Form.Item>
            ) : (
              <>
                <Form.Item name="name" label={t('members.fields.name')} rules={[{ required: true, max: 50 }]}>
                  <Input />
                </Form.Item>
                <Form.Item
                  name="idNumber"
                  label={t('members.fields.idNumber')}
                  extra={t('members.fields.idNumberHint')}
                  rules={[{ required: true, len: 18 }]}
                >
                  <Input maxLength={18} />
                </Form.Item>
                <Form.Item name="ethnicity" label={t('members.fields.ethnicity')}>
                  <AutoComplete options={commonEthnicities.map((e) => ({ value: e }))} />
                </Form.Item>
                <Form.Item name="phone" label={t('members.fields.phone')}>
                  <Input maxLength={13} />
                </Form.Item>
              </>
            )}
            <Form.Item name="unitId" label={t('members.fields.unit')} rules={[{ required: true }]}>
              <PartyUnitSelect />
            </Form.Item>
            <Form.Item name="category" label={t('members.fields.category')} rules={[{ required: true }]}>
              <Radio.Group
                options={(['full', 'probationary'] as const).map((c) => ({
                  value: c,
                  label: t(`members.categories.${c}`),
                }))}
              />
            </Form.Item>
          </>
        )}
        {editing && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('members.form.categoryNote')} />
        )}
        <Form.Item
          name="joinedOn"
          label={t('members.fields.joinedOn')}
          extra={t('members.fields.joinedOnHint')}
          rules={[{ required: true }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        {category === 'full' && (
          <Form.Item name="fullOn" label={t('members.fields.fullOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="education" label={t('members.fields.education')}>
          <Select
            allowClear
            options={educationLevels.map((e) => ({ value: e, label: t(`members.educations.${e}`) }))}
          />
        </Form.Item>
        <Form.Item name="post" label={t('members.fields.post')}>
          <AutoComplete allowClear options={commonPosts.map((p) => ({ value: p }))} />
        </Form.Item>
        <Form.Item
          name="awaySince"
          label={t('members.fields.awaySince')}
          extra={t('members.fields.awaySinceHint')}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="lastContactOn" label={t('members.fields.lastContactOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
