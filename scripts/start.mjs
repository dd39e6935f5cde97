// `npm start`: runs the server (src/main.ts, TypeScript through tsx) in a child process whose C
// library keeps at most two malloc arenas, and passes signals and the exit code through.
//
// Why: every thread that allocates gets an arena of its own, and memory freed in an arena stays with
// the process. Password hashing (argon2id, 19 MiB per hash) runs on libuv's four worker threads, so
// after a few logins about 77 MiB stayed resident for good: eight hashes alone took a process from
// 44 to 121 MiB, 45 MiB with one arena. In the benchmark's import, web and memory scenarios on the
// league the server held 411 MiB at their end and 324 MiB once idle, and 350 / 256 MiB with one
// arena. The variable is read when the process starts, so it must be set by whoever starts it; a
// value already set (by systemd, a container, the shell) is kept.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', main, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { MALLOC_ARENA_MAX: '2', ...process.env },
});

// Ctrl-C reaches both processes; the server stops once however often it is asked.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error('启动失败 Start-up failed:', error);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
