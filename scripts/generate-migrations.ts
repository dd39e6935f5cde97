// Regenerates the SQL migrations from the Drizzle schemas, then appends the hand-written SQL
// (append-only triggers) that Drizzle cannot express. Until the first release there is one initial
// migration; after it, new migrations are added with `npx drizzle-kit generate` instead (0002 was the
// first of those, so this script now refuses to run).
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync } from 'node:fs';

// Migrations after the first two change databases already in use; regenerating would drop them.
if (readdirSync('drizzle').some((f) => /^\d{4}_/.test(f) && !/^000[01]_/.test(f))) {
  throw new Error('drizzle/ holds incremental migrations: add new ones with `npx drizzle-kit generate`');
}

rmSync('drizzle', { recursive: true, force: true });
execFileSync('npx', ['drizzle-kit', 'generate', '--name', 'init'], { stdio: 'inherit' });
execFileSync('npx', ['drizzle-kit', 'generate', '--custom', '--name', 'append_only_audit'], {
  stdio: 'inherit',
});
const custom = readdirSync('drizzle').find((f) => f.endsWith('_append_only_audit.sql'));
if (!custom) throw new Error('custom migration was not created');
copyFileSync('src/platform/db/triggers.sql', `drizzle/${custom}`);
