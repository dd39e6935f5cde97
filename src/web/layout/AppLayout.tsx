import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Select, Space, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../components/PageLoading';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { appRoutes } from '../routes';
import { useSession } from '../session';

const ALL_SCOPES = '__all__';

/** Header control: choose one assignment ("角色 @ 单位") or the union of all as the data scope. */
function ScopeSwitcher() {
  const { t } = useTranslation();
  const session = useSession();
  const [switching, setSwitching] = useState(false);
  if (session.assignments.length === 0) return null;
  const options = [
    { value: ALL_SCOPES, label: t('layout.allScopes') },
    ...session.assignments.map((assignment) => ({
      value: assignment.id,
      label: t('layout.assignmentLabel', { role: assignment.roleName, unit: assignment.unitName }),
    })),
  ];
  return (
    <Select
      aria-label={t('layout.scope')}
      data-testid="scope-switcher"
      style={{ minWidth: 220, maxWidth: 360 }}
      value={session.activeAssignmentId ?? ALL_SCOPES}
      options={options}
      loading={switching}
      disabled={switching || session.assignments.length < 2}
      popupMatchSelectWidth={false}
      onChange={async (value: string) => {
        setSwitching(true);
        try {
          await session.switchScope(value === ALL_SCOPES ? null : value);
        } catch {
          // Shown by the central error handler.
        } finally {
          setSwitching(false);
        }
      }}
    />
  );
}

/** The logged-in frame: side menu from the routes the user may open, header with scope, language and account. */
export default function AppLayout() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const menuItems = appRoutes
    .filter((route) => session.allowed(route.access))
    .map((route) => ({ key: route.menuPath, icon: route.icon, label: t(route.labelKey) }));
  const selected = appRoutes.find(
    (route) => location.pathname === route.menuPath || location.pathname.startsWith(`${route.menuPath}/`),
  );

  const logout = async () => {
    await session.logout();
    navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={200} theme="dark">
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            fontSize: collapsed ? 16 : 18,
            fontWeight: 600,
            letterSpacing: 2,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          {collapsed ? t('app.shortName') : t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          items={menuItems}
          selectedKeys={selected ? [selected.menuPath] : []}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 16,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          <Typography.Text
            strong
            style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
          >
            {t('app.title')}
          </Typography.Text>
          <Space size="middle">
            <ScopeSwitcher />
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('layout.changePassword') },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout') },
                ],
                onClick: ({ key }) => {
                  if (key === 'password') navigate('/change-password');
                  if (key === 'logout') void logout();
                },
              }}
            >
              <Button type="text" data-testid="user-menu">
                <UserOutlined />
                {session.user?.displayName ?? session.user?.username}
                <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16, minWidth: 0 }}>
          <Suspense fallback={<PageLoading />}>
            {/* Remount pages after a scope switch so they reload their data. */}
            <Outlet key={session.scopeVersion} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
