import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import { showFormError } from '../../../web/components/formErrors';

interface HolidayDay {
  date: string;
  isWorkday: boolean;
  name: string;
}
interface DayValues {
  date: Dayjs;
  isWorkday: boolean;
  name?: string;
}

const weekdays = ['日', '一', '二', '三', '四', '五', '六'];

/** /holidays: the holiday calendar of one year (holidays on weekdays, make-up working days). */
export default function HolidaysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const [days, setDays] = useState<HolidayDay[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DayValues>();

  const load = useCallback(() => {
    setDays(null);
    api.get<HolidayDay[]>('/api/cases/holidays', { query: { year } }).then(setDays, () => setDays([]));
  }, [year]);
  useEffect(load, [load]);

  const save = async () => {
    const values = await form.validateFields();
    setBusy(true);
    try {
      const date = values.date.format('YYYY-MM-DD');
      await api.put('/api/cases/holidays', {
        days: [{ date, isWorkday: values.isWorkday, name: values.name ?? '' }],
      });
      message.success(t('cases.holidays.saved'));
      setAdding(false);
      if (values.date.year() === year) load();
      else setYear(values.date.year());
    } catch (error) {
      showFormError(form, error);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (date: string) => {
    await api.del(`/api/cases/holidays/${date}`);
    load();
  };

  return (
    <Card
      title={t('cases.holidays.title')}
      extra={
        <Space>
          <InputNumber
            min={2000}
            max={2100}
            value={year}
            onChange={(value) => value && setYear(value)}
            addonBefore={t('cases.holidays.year')}
            style={{ width: 150 }}
            data-testid="holiday-year"
          />
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="holiday-add"
          >
            {t('cases.holidays.add')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('cases.holidays.intro')}</Typography.Paragraph>
      <Table<HolidayDay>
        rowKey="date"
        size="small"
        loading={days === null}
        dataSource={days ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={t('cases.holidays.empty')} /> }}
        data-testid="holiday-table"
        columns={[
          { title: t('cases.holidays.date'), dataIndex: 'date', width: 140 },
          {
            title: t('cases.holidays.weekday'),
            dataIndex: 'date',
            width: 80,
            render: (date: string) => `周${weekdays[dayjs(date).day()]}`,
          },
          {
            title: t('cases.holidays.kind'),
            dataIndex: 'isWorkday',
            width: 120,
            render: (isWorkday: boolean) =>
              isWorkday ? (
                <Tag color="orange">{t('cases.holidays.workday')}</Tag>
              ) : (
                <Tag color="green">{t('cases.holidays.holiday')}</Tag>
              ),
          },
          { title: t('cases.holidays.name'), dataIndex: 'name', render: (name: string) => name || '—' },
          {
            key: 'remove',
            width: 90,
            render: (_, row) => (
              <Popconfirm title={t('cases.holidays.removeConfirm')} onConfirm={() => remove(row.date)}>
                <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                  {t('cases.holidays.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title={t('cases.holidays.add')}
        onCancel={() => setAdding(false)}
        onOk={save}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} initialValues={{ isWorkday: false }}>
          <Form.Item name="date" label={t('cases.holidays.date')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} data-testid="holiday-date" />
          </Form.Item>
          <Form.Item name="isWorkday" label={t('cases.holidays.kind')}>
            <Radio.Group
              options={[
                { value: false, label: t('cases.holidays.holiday') },
                { value: true, label: t('cases.holidays.workday') },
              ]}
            />
          </Form.Item>
          <Form.Item name="name" label={t('cases.holidays.name')}>
            <Input maxLength={30} placeholder="国庆节" data-testid="holiday-name" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
