import type { FastifySchemaCompiler } from 'fastify';
import { type ZodType, z } from 'zod';
import { AppError, type ErrorDetail } from '../errors';

z.config(z.locales.zhCN());

const partNames: Record<string, string> = {
  body: '',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
};

/** Validates a request part with its zod schema and turns every issue into a Chinese, field-named detail. */
export const validatorCompiler: FastifySchemaCompiler<ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    const details: ErrorDetail[] = result.error.issues.map((issue) => {
      const label =
        labelAt(schema, issue.path) ?? (issue.path.join('.') || partNames[httpPart ?? 'body'] || '内容');
      return { path: issue.path.join('.'), message: `${label}：${describeIssue(issue)}` };
    });
    return {
      error: new AppError('VALIDATION_FAILED', {
        params: { summary: details.map((d) => d.message).join('；') },
        details,
      }),
    };
  };

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined)
    return '必填，请填写';
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1)
    return '不能为空，请填写';
  return issue.message;
}

/** The human label (`.describe('名称')`) of the field at a path inside a schema, if it has one. */
export function labelAt(schema: ZodType, path: readonly PropertyKey[]): string | undefined {
  let current: ZodType | undefined = schema;
  let label: string | undefined;
  for (const key of path) {
    current = current && childOf(unwrap(current), key);
    label = current ? describe(current) : undefined;
  }
  return label;
}

function describe(schema: ZodType): string | undefined {
  let current: ZodType | undefined = schema;
  for (let i = 0; current && i < 5; i++) {
    if (current.description) return current.description;
    const inner = innerOf(current);
    if (!inner) return undefined;
    current = inner;
  }
  return undefined;
}

function innerOf(schema: ZodType): ZodType | undefined {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  return (def.innerType ?? def.in ?? undefined) as ZodType | undefined;
}

function unwrap(schema: ZodType): ZodType {
  let current = schema;
  for (let inner = innerOf(current); inner; inner = innerOf(current)) current = inner;
  return current;
}

function childOf(schema: ZodType, key: PropertyKey): ZodType | undefined {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  if (def.type === 'object') return (def.shape as Record<string, ZodType>)[String(key)];
  if (def.type === 'array') return def.element as ZodType;
  return undefined;
}
