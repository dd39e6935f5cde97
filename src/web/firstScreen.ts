/**
 * What the address opens first, before anything about the user is known: the login page, a public page
 * (a centre's service list, the resident portal: no admin layout), or the app's layout. The app asks it
 * to start the right download with the entry; the build also writes it into index.html, where it
 * starts that download before the entry's own scripts have arrived (see vite.config.ts), so it must
 * stay one self-contained function.
 */
export function firstScreen(pathname: string): 'login' | 'public' | 'app' {
  if (pathname === '/login') return 'login';
  if (pathname.startsWith('/public/') || pathname.startsWith('/portal')) return 'public';
  return 'app';
}
