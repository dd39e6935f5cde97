import { KeyOutlined, PlusOutlined, UnlockOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../web/api/client';
import type { Assignment, Role, User, UserListItem } from '../../../web/api/types';
import { useFormSubmit } from '../../../web/hooks/useFormSubmit';
import { usePagedList } from '../../../web/hooks/usePagedList';
import { useAccess } from '../../../web/session';
import { UnitSelect } from '../../orgs/web';

/** The generated password, shown exactly once with a copy button. */
function InitialPasswordModal(props: {
  value: { username: string; password: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.value !== null}
      title={t('users.initialPasswordTitle', { username: props.value?.username ?? '' })}
      onCancel={props.onClose}
      footer={
        <Button type="primary" onClick={props.onClose}>
          {t('users.initialPasswordDone')}
        </Button>
      }
      mask={{ closable: false }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Alert type="warning" showIcon title={t('users.initialPasswordWarning')} />
        <Typography.Paragraph
          copyable={{ text: props.value?.password ?? '' }}
          style={{ fontSize: 20, fontFamily: 'monospace', margin: '12px 0' }}
          data-testid="initial-password"
        >
          {props.value?.password}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{t('users.initialPasswordHint')}</Typography.Text>
      </Space>
    </Modal>
  );
}

function CreateUserModal(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (username: string, password: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ username: string; displayName: string }>();
  useEffect(() => {
    if (props.open) form.resetFields();
  }, [props.open, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    const result = await api.post<{ user: User; initialPassword: string }>(
      '/api/users',
      { username: values.username.trim(), displayName: values.displayName.trim() },
      { quiet: true },
    );
    props.onCreated(result.user.username, result.initialPassword);
  });
  return (
    <Modal
      open={props.open}
      title={t('users.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={props.onClose}
      forceRender
    >
      <Form form={form} layout="vertical" name="createUserForm">
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameHint')}
          rules={[
            { required: true, whitespace: true, message: t('users.usernameRequired') },
            { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('users.usernamePattern') },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
        >
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignRoleModal(props: { user: UserListItem | null; onClose: () => void; onAssigned: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ roleId: string; unitId: string }>();
  const [roles, setRoles] = useState<Role[]>([]);
  const { user } = props;
  useEffect(() => {
    if (!user) return;
    form.resetFields();
    api
      .get<Role[]>('/api/roles')
      .then(setRoles)
      .catch(() => undefined);
  }, [user, form]);
  const { saving, submit } = useFormSubmit(form, async (values) => {
    if (!user) return;
    await api.post<Assignment>(`/api/users/${user.id}/assignments`, values, { quiet: true });
    message.success(t('users.assigned'));
    props.onAssigned();
  });
  return (
    <Modal
      open={user !== null}
      title={t('users.assignTitle', { name: user?.displayName ?? '' })}
      okText={t('users.assign')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={submit}
      onCancel={props.onClose}
      forceRender
    >
      <Form form={form} layout="vertical" name="assignRoleForm">
        <Form.Item
          name="roleId"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.roleRequired') }]}
        >
          <Select
            options={roles.map((role) => ({ value: role.id, label: role.name }))}
            placeholder={t('users.rolePlaceholder')}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('users.unit')}
          extra={t('users.unitHint')}
          rules={[{ required: true, message: t('users.unitRequired') }]}
        >
          <UnitSelect style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function isLocked(user: UserListItem): boolean {
  return user.lockedUntil !== null && dayjs(user.lockedUntil).isAfter(dayjs());
}

/** Users and roles (/users): accounts for the system admin; unlock and role assignments for the security admin. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const access = useAccess();
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [assigning, setAssigning] = useState<UserListItem | null>(null);
  const [initialPassword, setInitialPassword] = useState<{ username: string; password: string } | null>(null);
  const list = usePagedList<UserListItem>('/api/users', { q: query.trim() });

  const resetPassword = (user: UserListItem) => {
    modal.confirm({
      title: t('users.resetTitle', { name: user.displayName }),
      content: t('users.resetContent'),
      okText: t('users.resetPassword'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const result = await api.post<{ initialPassword: string }>(`/api/users/${user.id}/reset-password`);
          setInitialPassword({ username: user.username, password: result.initialPassword });
        } catch {
          // Shown by the central handler.
        }
      },
    });
  };

  const unlock = async (user: UserListItem) => {
    try {
      await api.post(`/api/users/${user.id}/unlock`);
      message.success(t('users.unlocked', { name: user.displayName }));
      list.reload();
    } catch {
      // Shown by the central handler.
    }
  };

  const removeAssignment = (user: UserListItem, assignment: Assignment) => {
    modal.confirm({
      title: t('users.removeAssignmentTitle'),
      content: t('users.removeAssignmentContent', {
        name: user.displayName,
        role: assignment.roleName,
        unit: assignment.unitName,
      }),
      okText: t('common.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.del(`/api/assignments/${assignment.id}`);
          message.success(t('users.assignmentRemoved'));
          list.reload();
        } catch {
          // Shown by the central handler.
        }
      },
    });
  };

  const columns: ColumnsType<UserListItem> = [
    { title: t('users.username'), dataIndex: 'username', width: 140 },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 120 },
    {
      title: t('users.status'),
      key: 'status',
      width: 150,
      render: (_, user) => {
        if (!user.active) return <Tag>{t('users.disabled')}</Tag>;
        if (isLocked(user))
          return (
            <Tag color="orange">
              {t('users.lockedUntil', { time: dayjs(user.lockedUntil).format('MM-DD HH:mm') })}
            </Tag>
          );
        return <Tag color="green">{t('users.normal')}</Tag>;
      },
    },
    {
      title: t('users.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (value: string | null) =>
        value ? dayjs(value).format('YYYY-MM-DD HH:mm') : t('users.neverLoggedIn'),
    },
    {
      title: t('users.assignments'),
      key: 'assignments',
      render: (_, user) =>
        user.assignments.length === 0 ? (
          <Typography.Text type="secondary">{t('users.noAssignments')}</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {user.assignments.map((assignment) => (
              <Tag
                key={assignment.id}
                closable={access.canAssignRoles}
                onClose={(event) => {
                  event.preventDefault();
                  removeAssignment(user, assignment);
                }}
              >
                {t('layout.assignmentLabel', { role: assignment.roleName, unit: assignment.unitName })}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 260,
      render: (_, user) => (
        <Space size={0} wrap>
          {access.canAssignRoles && (
            <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setAssigning(user)}>
              {t('users.assign')}
            </Button>
          )}
          {access.canWriteUsers && (
            <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => resetPassword(user)}>
              {t('users.resetPassword')}
            </Button>
          )}
          {access.canUnlockUsers && isLocked(user) && (
            <Button type="link" size="small" icon={<UnlockOutlined />} onClick={() => void unlock(user)}>
              {t('users.unlock')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('users.title')}
      extra={
        access.canWriteUsers && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        )
      }
    >
      <Input.Search
        allowClear
        style={{ width: 320, marginBottom: 16 }}
        placeholder={t('users.searchPlaceholder')}
        onSearch={(value) => setQuery(value)}
      />
      <Table<UserListItem>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.items}
        columns={columns}
        pagination={list.pagination}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description={t('users.empty')} /> }}
      />
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(username, password) => {
          setCreating(false);
          setInitialPassword({ username, password });
          list.reload();
        }}
      />
      <AssignRoleModal
        user={assigning}
        onClose={() => setAssigning(null)}
        onAssigned={() => {
          setAssigning(null);
          list.reload();
        }}
      />
      <InitialPasswordModal value={initialPassword} onClose={() => setInitialPassword(null)} />
    </Card>
  );
}
