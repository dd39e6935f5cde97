import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  buildUser,
  createTestApp,
  loginAs,
  type Session,
  type TestContext,
} from '../../../test/support/app';
import { requireFiles } from './service';
import { sniffMime } from './sniff';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let t: TestContext;
let tree: Awaited<ReturnType<typeof buildTree>>;
let clerkA: Session;
let clerkB: Session;

function multipart(name: string, content: Buffer) {
  const boundary = '----jiceng-files-test';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function uploadAs(session: Session, unitId: string, name: string, content: Buffer, isPublic = false) {
  const { body, headers } = multipart(name, content);
  return t.app.inject({
    method: 'POST',
    url: `/api/files?unitId=${unitId}${isPublic ? '&public=true' : ''}`,
    payload: body,
    headers: { ...headers, cookie: session.cookie, 'x-csrf-token': session.csrfToken },
  });
}

beforeAll(async () => {
  t = await createTestApp();
  tree = await buildTree(t);
  await buildUser(t, { username: 'clerkA', grants: [{ role: 'unitClerk', unit: tree.sumuA }] });
  await buildUser(t, { username: 'clerkB', grants: [{ role: 'unitClerk', unit: tree.sumuB }] });
  clerkA = await loginAs(t, 'clerkA');
  clerkB = await loginAs(t, 'clerkB');
});
afterAll(async () => t.close());

describe('attachments', () => {
  it('recognises accepted types by their content, not their name', () => {
    expect(sniffMime(PNG)).toBe('image/png');
    expect(sniffMime(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffMime(Buffer.from('MZ\x90\x00'))).toBeNull();
  });

  it('stores a photo for a unit in scope and serves it back to users of that subtree only', async () => {
    const response = await uploadAs(clerkA, tree.gachaA.id, '签到表 照片.png', PNG);
    expect(response.statusCode).toBe(200);
    const file = response.json();
    expect(file).toMatchObject({
      name: '签到表 照片.png',
      mime: 'image/png',
      size: PNG.length,
      isPublic: false,
    });
    const back = await clerkA.get(file.url);
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(back.rawPayload.equals(PNG)).toBe(true);
    expect((await clerkB.get(file.url)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/public/files/${file.id}` })).statusCode).toBe(404);
    await expect(requireFiles(t.database.db, { ids: [file.id], unitId: tree.gachaB.id })).rejects.toThrow();
    expect(await requireFiles(t.database.db, { ids: [file.id], unitId: tree.gachaA.id })).toHaveLength(1);
  });

  it('serves public files without login', async () => {
    const file = (await uploadAs(clerkA, tree.gachaA.id, 'centre.png', PNG, true)).json();
    const response = await t.app.inject({ method: 'GET', url: file.url });
    expect(response.statusCode).toBe(200);
    expect(file.url).toBe(`/api/public/files/${file.id}`);
  });

  it('refuses other file types, uploads for units out of scope, and empty uploads, in Chinese', async () => {
    const exe = await uploadAs(clerkA, tree.gachaA.id, 'photo.png', Buffer.from('MZ\x90\x00 not an image'));
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.message).toContain('文件格式不支持');
    expect((await uploadAs(clerkA, tree.gachaB.id, 'a.png', PNG)).statusCode).toBe(404);
    const empty = await uploadAs(clerkA, tree.gachaA.id, 'a.png', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toContain('请选择');
  });
});
