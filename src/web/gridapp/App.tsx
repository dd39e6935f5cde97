import { usePatrol } from './patrol';
import { Drafts } from './pages/Drafts';
import { EventDetail } from './pages/EventDetail';
import { Login } from './pages/Login';
import { Patrol } from './pages/Patrol';
import { ReportForm } from './pages/ReportForm';
import { Tasks } from './pages/Tasks';
import { go, useRoute } from './route';
import { useGridApp } from './state';

const TABS = [
  { path: 'tasks', label: '任务', icon: '☰' },
  { path: 'report', label: '上报', icon: '＋' },
  { path: 'drafts', label: '草稿箱', icon: '✉' },
  { path: 'patrol', label: '巡查', icon: '◎' },
];

function Page({ route }: { route: string[] }) {
  const [name, id] = route;
  if (name === 'event' && id) return <EventDetail id={id} />;
  if (name === 'report') return <ReportForm key={id ?? 'new'} draftId={id} />;
  if (name === 'drafts') return <Drafts />;
  if (name === 'patrol') return <Patrol />;
  return <Tasks />;
}

/** The grid worker's app: login, then tasks, reporting, drafts and patrols under one bottom bar. */
export function App() {
  const app = useGridApp();
  const route = useRoute();
  const patrol = usePatrol(app.me?.user.id);

  if (app.status === 'loading') return <p className="splash">基层网格通</p>;
  if (app.status === 'anonymous' || !app.me) return <Login />;

  return (
    <div className="shell">
      <div className="sticky-top">
        <header className="top">
          <span className="brand">基层网格通</span>
          <span className="user">
            {app.me.user.displayName}
            <button
              type="button"
              className="link light"
              onClick={() => {
                if (
                  app.pending === 0 ||
                  window.confirm(`还有 ${app.pending} 条待发送，退出后将在下次登录时发送。确定退出？`)
                )
                  void app.logout();
              }}
            >
              退出
            </button>
          </span>
        </header>
        {!app.online && (
          <p className="banner offline" role="status" data-testid="offline-banner">
            离线模式：上报会保存在本机{app.pending > 0 ? `，${app.pending} 条待发送` : ''}，联网后自动发送
          </p>
        )}
        {app.online && app.pending > 0 && (
          <p className="banner" role="status">
            {app.pending} 条上报正在等待发送
          </p>
        )}
        {patrol.active && route[0] !== 'patrol' && (
          <button type="button" className="banner patrol" onClick={() => go('patrol')}>
            巡查中 · {patrol.active.patrol.gridName} · 点此查看
          </button>
        )}
      </div>
      <main>
        <Page route={route} />
      </main>
      <nav className="tabs">
        {TABS.map((tab) => (
          <button
            key={tab.path}
            type="button"
            className="tab"
            aria-current={route[0] === tab.path || (tab.path === 'tasks' && route[0] === 'event')}
            onClick={() => go(tab.path)}
          >
            <span className="tab-icon" aria-hidden>
              {tab.icon}
            </span>
            {tab.label}
            {tab.path === 'drafts' && app.pending > 0 && (
              <span className="count" data-testid="pending-count">
                {app.pending}
              </span>
            )}
          </button>
        ))}
      </nav>
    </div>
  );
}
