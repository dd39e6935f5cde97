// HTTP routes of one case type, mounted by the module that owns the type (grid events under
// /api/grid/events …): timeline, transitions, repeat suggestions, linking and the chain. Every route
// needs the type's read permission; each transition checks its own permission in the engine.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { contextOf } from '../http/context';
import {
  caseDetail,
  caseIdParams,
  caseView,
  casesPage,
  listCasesQuery,
  type CaseViewJson,
  linkRepeatBody,
  repeatSuggestionView,
  transitionBody,
} from './contract';
import type { CaseTypeDefinition } from './definition';
import { availableTransitions } from './machine';
import {
  type CaseView,
  caseChain,
  caseTimeline,
  linkRepeat,
  listCases,
  suggestRepeats,
  transition,
} from './service';
import { pathInScope } from '../scope';
import { units } from '../../modules/orgs/schema';
import { eq } from 'drizzle-orm';
import type { Db } from '../db';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** A case view as JSON: instants as ISO strings. */
export function caseJson(view: CaseView): CaseViewJson {
  return {
    id: view.id,
    type: view.type,
    code: view.code,
    unitId: view.unitId,
    state: view.state,
    stateName: view.stateName,
    title: view.title,
    description: view.description,
    category: view.category,
    lat: view.lat,
    lng: view.lng,
    details: view.details,
    attachmentIds: view.attachmentIds,
    version: view.version,
    acceptBy: iso(view.acceptBy),
    acceptedAt: iso(view.acceptedAt),
    closeBy: iso(view.closeBy),
    closedAt: iso(view.closedAt),
    pausedSince: iso(view.pausedSince),
    extended: view.extended,
    escalationLevel: view.escalationLevel,
    rating: view.rating,
    ratingReasons: view.ratingReasons,
    reopenedCount: view.reopenedCount,
    repeatOfId: view.repeatOfId,
    chainId: view.chainId,
    createdAt: view.createdAt.toISOString(),
    overdue: view.overdue,
    identityVisible: view.identityVisible,
    submitterPersonId: view.submitterPersonId,
    submitterName: view.submitterName,
    submitterContactMasked: view.submitterContactMasked,
  };
}

async function detail(db: Db, actor: Actor, type: CaseTypeDefinition, id: string) {
  const timeline = await caseTimeline(db, actor, id);
  const actionName = (action: string) =>
    type.transitions.find((t) => t.action === action)?.name ??
    ({ create: '登记', escalate: '超期升级', linkRepeat: '关联重复件' } as Record<string, string>)[action] ??
    action;
  return {
    case: caseJson(timeline.case),
    events: timeline.events.map((e) => ({
      id: e.id,
      action: e.action,
      actionName: actionName(e.action),
      fromState: e.fromState,
      toState: e.toState,
      unitId: e.unitId,
      actorName: e.actorName,
      at: e.at.toISOString(),
      note: e.note,
      attachmentIds: e.attachmentIds,
      payload: e.payload,
    })),
    actions: availableTransitions(type, timeline.case.state)
      .filter(
        (t) => t.permission !== 'resident' && pathInScope(actor.scopeFor(t.permission), timeline.unitPath),
      )
      .map((t) => ({ action: t.action, name: t.name, requires: [...(t.requires ?? [])] })),
  };
}

/**
 * The routes of one case type under `prefix` (`/api/grid/events`). The owning module mounts them:
 * `modules: [..., caseRoutes(gridEventType, '/api/grid/events')]`.
 */
export function caseRoutes(type: CaseTypeDefinition, prefix: string, options: { list?: boolean } = {}) {
  return async function routes(app: FastifyInstance): Promise<void> {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const config = { permission: type.readPermission } as const;
    const tags = [type.module];
    // A module with its own filters (grid, category …) mounts its own list with `list: false`.
    if (options.list !== false)
      r.get(
        prefix,
        {
          config,
          schema: {
            tags,
            summary: `${type.name}列表`,
            querystring: listCasesQuery,
            response: { 200: casesPage },
          },
        },
        async (request) => {
          const { db, actor } = contextOf(request);
          const page = await listCases(db, actor, type, request.query);
          return { total: page.total, items: page.items.map(caseJson) };
        },
      );
    r.get(
      `${prefix}/:id`,
      {
        config,
        schema: {
          tags,
          summary: `${type.name}详情与办理过程`,
          params: caseIdParams,
          response: { 200: caseDetail },
        },
      },
      async (request) => {
        const { db, actor } = contextOf(request);
        return detail(db, actor, type, request.params.id);
      },
    );
    r.post(
      `${prefix}/:id/actions`,
      {
        config,
        schema: {
          tags,
          summary: `${type.name}办理操作（受理、交办、答复等）`,
          params: caseIdParams,
          body: transitionBody,
          response: {
            200: caseDetail,
            204: z.null().describe('已办理，事项已移出您的范围（如退回、交办外单位）'),
          },
        },
      },
      async (request, reply) => {
        const { db, actor } = contextOf(request);
        const moved = await transition(db, actor, { caseId: request.params.id, ...request.body });
        const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, moved.unitId));
        // Handing a case out of one's own scope (return, dispatch elsewhere) succeeds; there is nothing left to show.
        if (!unit || !pathInScope(actor.scopeFor(type.readPermission), unit.path))
          return reply.code(204).send(null);
        return detail(db, actor, type, request.params.id);
      },
    );
    r.get(
      `${prefix}/:id/repeats`,
      {
        config,
        schema: {
          tags,
          summary: `疑似重复的${type.name}`,
          params: caseIdParams,
          response: { 200: z.array(repeatSuggestionView) },
        },
      },
      async (request) => {
        const { db, actor } = contextOf(request);
        const suggestions = await suggestRepeats(db, actor, request.params.id);
        return suggestions.map((s) => ({
          id: s.id,
          title: s.title,
          createdAt: s.createdAt.toISOString(),
          samePerson: s.samePerson,
          distanceMetres: s.distanceMetres === null ? null : Math.round(s.distanceMetres),
          similarity: Math.round(s.similarity * 100) / 100,
        }));
      },
    );
    r.post(
      `${prefix}/:id/repeat-of`,
      {
        config,
        schema: {
          tags,
          summary: `关联为重复件`,
          params: caseIdParams,
          body: linkRepeatBody,
          response: { 200: caseDetail },
        },
      },
      async (request) => {
        const { db, actor } = contextOf(request);
        await linkRepeat(db, actor, { caseId: request.params.id, ...request.body });
        return detail(db, actor, type, request.params.id);
      },
    );
    r.get(
      `${prefix}/:id/chain`,
      {
        config,
        schema: { tags, summary: `重复件链`, params: caseIdParams, response: { 200: z.array(caseView) } },
      },
      async (request) => {
        const { db, actor } = contextOf(request);
        return (await caseChain(db, actor, request.params.id)).map(caseJson);
      },
    );
  };
}
