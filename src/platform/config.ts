import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  adminPassword: string | null;
  secretsFile: string;
  demo: 'banner' | 'small' | 'none';
  demoScale: number;
  dev: boolean;
}

/** Reads the configuration from environment variables, with the defaults the README documents. */
export function readConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): Config {
  const dataDir = path.resolve(env.DATA_DIR ?? './data');
  const demo = env.JICENG_DEMO === 'none' ? 'none' : env.JICENG_DEMO_SCALE === 'small' ? 'small' : 'banner';
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl: env.DATABASE_URL?.trim() || null,
    adminPassword: env.JICENG_ADMIN_PASSWORD ?? null,
    secretsFile: path.resolve(env.JICENG_SECRETS_FILE ?? path.join(dataDir, 'secrets.json')),
    demo,
    demoScale: Number(env.JICENG_DEMO_FACTOR ?? 1),
    dev: argv.includes('--dev'),
  };
}
