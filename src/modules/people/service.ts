import { and, asc, eq, or, sql } from 'drizzle-orm';
import { recordAudit } from '../../platform/audit/writer';
import { auditActorOf } from '../../platform/auth/service';
import type { FieldCipher } from '../../platform/crypto';
import { AppError } from '../../platform/errors';
import type { RequestContext } from '../../platform/http/context';
import { pinyinKey } from '../../platform/pinyin';
import { escapeLike, unitCondition } from '../../platform/scope';
import { findUnitInScope, units } from '../orgs';
import type { CreatePersonInput, ListPeopleQuery, PersonView, UpdatePersonInput } from './contract';
import { maskIdNumber, maskPhone, parseIdNumber } from './idNumber';
import { people } from './schema';

const columns = {
  id: people.id,
  name: people.name,
  gender: people.gender,
  birthDate: people.birthDate,
  ethnicity: people.ethnicity,
  idNumberMasked: people.idNumberMasked,
  phoneMasked: people.phoneMasked,
  unitId: people.unitId,
  unitName: units.name,
};

function toView(row: { gender: string } & Omit<PersonView, 'gender'>): PersonView {
  return { ...row, gender: row.gender === 'female' ? 'female' : 'male' };
}

/** The stored form of a person's sensitive fields: encrypted, blind-indexed and masked. */
export function protectIdentity(cipher: FieldCipher, input: { idNumber: string; phone?: string | null }) {
  const parsed = parseIdNumber(input.idNumber);
  if (!parsed.ok) throw new AppError('PEOPLE_ID_NUMBER_INVALID', { params: { reason: parsed.message } });
  const { idNumber, birthDate, gender } = parsed.value;
  return {
    birthDate,
    gender,
    idNumberCipher: cipher.encrypt(idNumber),
    idNumberIndex: cipher.blindIndex(idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    phoneCipher: input.phone ? cipher.encrypt(input.phone) : null,
    phoneMasked: input.phone ? maskPhone(input.phone) : null,
  };
}

/** The filter of the people list, shared by the page and the Excel export. */
async function peopleFilter(
  { db, scope, cipher }: RequestContext,
  query: Omit<ListPeopleQuery, 'page' | 'pageSize'>,
) {
  const conditions = [unitCondition(scope, people.unitId)];
  if (query.unitId) {
    const unit = await findUnitInScope(db, scope, query.unitId);
    conditions.push(
      sql`${people.unitId} in (select id from units where path like ${`${escapeLike(unit.path)}%`})`,
    );
  }
  if (query.q) {
    const q = query.q;
    if (/^\d{17}[\dXx]$/.test(q)) {
      conditions.push(eq(people.idNumberIndex, cipher.blindIndex(q)));
    } else {
      const like = `%${escapeLike(q.toLowerCase())}%`;
      conditions.push(or(sql`${people.name} like ${like}`, sql`${people.namePinyin} like ${like}`)!);
    }
  }
  return and(...conditions);
}

/** People in scope, searched by name, pinyin initials or an exact ID number. */
export async function listPeople(ctx: RequestContext, query: ListPeopleQuery) {
  const { db } = ctx;
  const where = await peopleFilter(ctx, query);
  const [{ total } = { total: 0 }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(people)
    .where(where);
  const rows = await db
    .select(columns)
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(where)
    .orderBy(asc(people.namePinyin), asc(people.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  return { items: rows.map(toView), total: Number(total), page: query.page, pageSize: query.pageSize };
}

/**
 * Every person matching the list filters, for the Excel export (ID numbers masked); the export itself
 * is audited because it carries personal data out of the system.
 */
export async function peopleForExport(
  ctx: RequestContext,
  query: Omit<ListPeopleQuery, 'page' | 'pageSize'>,
) {
  const where = await peopleFilter(ctx, query);
  const rows = await ctx.db
    .select(columns)
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(where)
    .orderBy(asc(people.namePinyin), asc(people.id));
  await recordAudit(ctx.db, auditActorOf(ctx.actor), {
    entity: 'person',
    action: 'export',
    after: { count: rows.length, filters: query },
  });
  return rows.map(toView);
}

async function findPerson({ db, scope }: Pick<RequestContext, 'db' | 'scope'>, id: string) {
  const [row] = await db
    .select({ ...columns, idNumberCipher: people.idNumberCipher })
    .from(people)
    .innerJoin(units, eq(units.id, people.unitId))
    .where(and(eq(people.id, id), unitCondition(scope, people.unitId)));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** One person in scope. */
export async function getPerson(ctx: RequestContext, id: string): Promise<PersonView> {
  const { idNumberCipher: _hidden, ...view } = await findPerson(ctx, id);
  return toView(view);
}

/** The full ID number; only for roles allowed to see it, and every such read is audited. */
export async function revealIdNumber(ctx: RequestContext, id: string): Promise<{ idNumber: string }> {
  const person = await findPerson(ctx, id);
  await recordAudit(ctx.db, auditActorOf(ctx.actor), {
    entity: 'person',
    entityId: id,
    action: 'read.idNumber',
    after: { name: person.name },
  });
  return { idNumber: ctx.cipher.decrypt(person.idNumberCipher) };
}

/** Registers a person once: a second record with the same ID number is refused. */
export async function createPerson(ctx: RequestContext, input: CreatePersonInput): Promise<PersonView> {
  const protectedFields = protectIdentity(ctx.cipher, input);
  return ctx.db.transaction(async (tx) => {
    await findUnitInScope(tx, ctx.scope, input.unitId).catch(() => {
      throw new AppError('PEOPLE_UNIT_NOT_FOUND');
    });
    const [existing] = await tx
      .select({ id: people.id, name: people.name })
      .from(people)
      .where(eq(people.idNumberIndex, protectedFields.idNumberIndex));
    if (existing) throw new AppError('PEOPLE_DUPLICATE', { params: { name: existing.name } });
    const [row] = await tx
      .insert(people)
      .values({
        unitId: input.unitId,
        name: input.name,
        namePinyin: pinyinKey(input.name, { surname: true }),
        ethnicity: input.ethnicity || null,
        ...protectedFields,
      })
      .returning({ id: people.id });
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'person',
      entityId: row!.id,
      action: 'create',
      after: { name: input.name, unitId: input.unitId, idNumber: protectedFields.idNumberMasked },
    });
    const { idNumberCipher: _hidden, ...view } = await findPerson({ db: tx, scope: ctx.scope }, row!.id);
    return toView(view);
  });
}

/** Edits a person's name, unit, phone or ethnicity (the ID number is the identity and does not change here). */
export async function updatePerson(
  ctx: RequestContext,
  id: string,
  input: UpdatePersonInput,
): Promise<PersonView> {
  return ctx.db.transaction(async (tx) => {
    const before = await findPerson({ db: tx, scope: ctx.scope }, id);
    if (input.unitId) {
      await findUnitInScope(tx, ctx.scope, input.unitId).catch(() => {
        throw new AppError('PEOPLE_UNIT_NOT_FOUND');
      });
    }
    await tx
      .update(people)
      .set({
        ...(input.name && { name: input.name, namePinyin: pinyinKey(input.name, { surname: true }) }),
        ...(input.unitId && { unitId: input.unitId }),
        ...(input.ethnicity !== undefined && { ethnicity: input.ethnicity || null }),
        ...(input.phone !== undefined && {
          phoneCipher: input.phone ? ctx.cipher.encrypt(input.phone) : null,
          phoneMasked: input.phone ? maskPhone(input.phone) : null,
        }),
        updatedAt: new Date().toISOString(),
      })
      .where(eq(people.id, id));
    const { idNumberCipher: _a, ...beforeView } = before;
    const { idNumberCipher: _b, ...after } = await findPerson({ db: tx, scope: ctx.scope }, id);
    await recordAudit(tx, auditActorOf(ctx.actor), {
      entity: 'person',
      entityId: id,
      action: 'update',
      before: beforeView,
      after,
    });
    return toView(after);
  });
}
