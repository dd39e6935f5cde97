import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { type AccessFlag, computeAccess } from './access';
import { installErrorUi } from './api/client';
import type { Me } from './api/types';
import { appPage, modulePage } from './components/modulePage';
import { PageLoading } from './components/PageLoading';
import { firstScreen } from './firstScreen';
import { loadStoredLanguage } from './i18n';
import { type AppRoute, appRoutes, landingRoute } from './routes';
import { earlySession, SessionProvider, useSession } from './session';
import { jicengTheme } from './theme';

// The page the address opens (firstScreen) is fetched right away, in parallel with /api/auth/me,
// instead of after it: the login page on /login, nothing more on the public pages (a resident's phone
// has no use for the admin layout), else the layout every signed-in page sits in. (The built
// index.html asks for their scripts even before this runs.)
const AppLayout = appPage(() => import('./layout/AppLayout'));
const LoginPage = appPage(() => import('./pages/LoginPage'));
const opening = firstScreen(window.location.pathname);
const openingPage = { login: LoginPage, app: AppLayout, public: null }[opening]?.preload();
// The public (no-login) service list of a centre, opened from its printed QR code.
const PublicCenterPage = modulePage(() => import('../modules/centers/web/PublicCenterPage'));
// The resident portal (no login, phone first): report, 问计/问需/问政, track and rate, services.
const PortalApp = modulePage(() => import('../modules/portal/web/PortalApp'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));
const ForbiddenPage = lazy(() => import('./pages/ForbiddenPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

/**
 * Starts downloading the page a signed-in user lands on at this address as soon as their permissions
 * arrive, so it downloads while the layout renders instead of after it (on `/`, only the redirect knew
 * the page). Returns that page's route.
 */
function preloadLandingPage(permissions: string[]): AppRoute | undefined {
  const landing = landingRoute(window.location.pathname, computeAccess(permissions));
  landing?.page.preload().catch(() => undefined);
  return landing;
}

/** How long the first render waits for the page a signed-in user lands on before it shows a spinner. */
const LANDING_WAIT_MS = 1000;

/**
 * What the first render needs, so it shows the first screen at once instead of a spinner first (and
 * React then holding the spinner a moment longer): the stored language, the session index.html asked
 * for, the first screen's page, and for a signed-in user the page they land on (waited for a second at
 * most, after which the page shows its own spinner; on `/`, the address becomes that page's, where the
 * redirect would have gone). Returns the session for `App`.
 */
export async function loadFirstScreen(): Promise<Me | null | undefined> {
  const [session] = await Promise.all([earlySession(), loadStoredLanguage()]);
  const landing = session ? preloadLandingPage(session.permissions) : undefined;
  const waits: Array<Promise<unknown> | undefined> = [openingPage];
  if (landing) {
    // On `/` the first render goes straight to the landing page instead of rendering the redirect first.
    if (window.location.pathname === '/') window.history.replaceState(null, '', landing.menuPath);
    const wait = new Promise((resolve) => setTimeout(resolve, LANDING_WAIT_MS));
    waits.push(Promise.race([landing.page.preload(), wait]));
  }
  // A failed download is left to the page's own render, which asks again and shows the error.
  await Promise.allSettled(waits);
  return session;
}

/** Connects the central API error handler to antd's message/notification and the router. */
function ErrorUiBridge() {
  const { message, notification } = AntdApp.useApp();
  const navigate = useNavigate();
  const session = useSession();
  const { t } = useTranslation();

  useEffect(() => {
    installErrorUi({
      message,
      notification,
      onUnauthorized: (intendedPath) => {
        if (window.location.pathname === '/login') return;
        message.warning(t('errors.sessionExpired'));
        session.expire();
        navigate(`/login?redirect=${encodeURIComponent(intendedPath)}`, { replace: true });
      },
      onForbidden: (error) => {
        message.error(error.message || t('errors.forbidden'));
      },
    });
  }, [message, notification, navigate, session, t]);
  return null;
}

/** Sends anonymous users to /login and users with a generated password to /change-password. */
function RequireAuth({ children, passwordPage = false }: { children: ReactNode; passwordPage?: boolean }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === 'loading') return <PageLoading />;
  if (session.status === 'anonymous') {
    const intended = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?redirect=${encodeURIComponent(intended)}`} replace />;
  }
  if (session.user?.mustChangePassword && !passwordPage) {
    return <Navigate to="/change-password" replace />;
  }
  return <>{children}</>;
}

/** Shows the 403 page instead of a route the user's permissions do not cover. */
function AccessGuard({ flag, children }: { flag: AccessFlag; children: ReactNode }) {
  const session = useSession();
  if (!session.allowed(flag)) return <ForbiddenPage />;
  return <>{children}</>;
}

/** `/` goes to the first page the user may open (the page preloadLandingPage downloads). */
function HomeRedirect() {
  const session = useSession();
  const first = landingRoute('/', session.access);
  if (!first) return <ForbiddenPage />;
  return <Navigate to={first.menuPath} replace />;
}

function AppRoutes() {
  return (
    <Suspense fallback={<PageLoading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/public/centers/:id" element={<PublicCenterPage />} />
        <Route path="/portal/*" element={<PortalApp />} />
        <Route
          path="/change-password"
          element={
            <RequireAuth passwordPage>
              <ChangePasswordPage />
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<HomeRedirect />} />
          {appRoutes.map((route) => (
            <Route
              key={route.path}
              path={route.path}
              element={
                <AccessGuard flag={route.access}>
                  <route.page />
                </AccessGuard>
              }
            />
          ))}
          <Route path="403" element={<ForbiddenPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

/** The SPA root: locale, theme, session (`session`: see loadFirstScreen), router. */
export function App({ session }: { session?: Me | null }) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <ConfigProvider
      locale={english ? enUS : zhCN}
      // Component styles come from the stylesheet built with this theme (main.tsx imports it).
      theme={{ ...jicengTheme, zeroRuntime: true }}
    >
      <AntdApp>
        <BrowserRouter>
          <SessionProvider initial={session} onSignedIn={preloadLandingPage}>
            <ErrorUiBridge />
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntdApp>
    </ConfigProvider>
  );
}
