import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  evidenceIdsCondition,
  evidencePage,
  registerEvidenceEntity,
  totalRows,
} from '../../platform/indicators/evidence';
import { pathCondition } from '../../platform/scope';
import { units } from '../orgs';
import { people } from '../people';
import { memberTransfers, partyMembers } from './schema';
import {
  categoryNames,
  type MemberCategory,
  type MemberStatus,
  statusNames,
  type TransferStatus,
  transferStatusNames,
} from './vocabulary';

/** How a member reads in a drill-down line: category, then probation end or joining date, then status. */
function memberSubtitle(row: {
  category: string;
  status: string;
  joinedOn: string;
  conversionDueOn: string | null;
}): string {
  const category = categoryNames[row.category as MemberCategory] ?? row.category;
  const dates =
    row.category === 'probationary' && row.conversionDueOn
      ? `预备期至 ${row.conversionDueOn}`
      : `${row.joinedOn} 入党`;
  const status =
    row.status === 'active' ? '' : `（${statusNames[row.status as MemberStatus] ?? row.status}）`;
  return `${category}，${dates}${status}`;
}

/**
 * Drill-down lists of the records the members indicators count: party members (`member`, limited to the
 * members whose organisation lies in the scope) and transfers (`memberTransfer`, visible from either the
 * sending or the receiving organisation, as the indicator counts them).
 */
export function registerMembersEvidence(): void {
  registerEvidenceEntity({
    entity: 'member',
    name: '党员',
    permission: 'members.read',
    resolve: (db, scope, ids, page) =>
      evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: partyMembers.id,
              name: people.name,
              category: partyMembers.category,
              status: partyMembers.status,
              joinedOn: partyMembers.joinedOn,
              conversionDueOn: partyMembers.conversionDueOn,
              path: units.path,
              total: totalRows,
            })
            .from(partyMembers)
            .innerJoin(people, eq(people.id, partyMembers.personId))
            .innerJoin(units, eq(units.id, partyMembers.unitId))
            .where(and(evidenceIdsCondition(partyMembers.id, ids), pathCondition(scope, units.path)))
            .orderBy(asc(units.path), asc(people.namePinyin), asc(partyMembers.id))
            .limit(limit)
            .offset(offset),
        (r) => ({ id: r.id, title: r.name, subtitle: memberSubtitle(r), link: `/members?member=${r.id}` }),
      ),
  });

  registerEvidenceEntity({
    entity: 'memberTransfer',
    name: '组织关系转接',
    permission: 'members.read',
    resolve(db, scope, ids, page) {
      const fromUnit = alias(units, 'from_unit');
      const toUnit = alias(units, 'to_unit');
      return evidencePage(
        db,
        page,
        (limit, offset) =>
          db
            .select({
              id: memberTransfers.id,
              name: people.name,
              letterNumber: memberTransfers.letterNumber,
              requestedOn: memberTransfers.requestedOn,
              status: memberTransfers.status,
              destination: memberTransfers.destination,
              path: fromUnit.path,
              toName: toUnit.name,
              total: totalRows,
            })
            .from(memberTransfers)
            .innerJoin(partyMembers, eq(partyMembers.id, memberTransfers.memberId))
            .innerJoin(people, eq(people.id, partyMembers.personId))
            .innerJoin(fromUnit, eq(fromUnit.id, memberTransfers.fromUnitId))
            .leftJoin(toUnit, eq(toUnit.id, memberTransfers.toUnitId))
            .where(
              and(
                evidenceIdsCondition(memberTransfers.id, ids),
                sql`(${pathCondition(scope, fromUnit.path)} or ${pathCondition(scope, toUnit.path)})`,
              ),
            )
            .orderBy(asc(memberTransfers.requestedOn), asc(memberTransfers.id))
            .limit(limit)
            .offset(offset),
        (r) => ({
          id: r.id,
          title: `${r.name} 组织关系转接`,
          subtitle: `${r.requestedOn} 申请，转往 ${r.toName ?? r.destination ?? '—'}，介绍信 ${r.letterNumber}（${transferStatusNames[r.status as TransferStatus] ?? r.status}）`,
          link: '/members/transfers',
        }),
      );
    },
  });
}
