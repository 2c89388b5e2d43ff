import { isOrganizerOrAdmin, Principal, Role } from '../auth/role';
import { SqlFilter } from '../database/sql';

/**
 * The read rule shared by the records two parties make together (bids, proposals,
 * contracts): organizers and admins read all; an organization the records naming it; a
 * community the records about its needs; nobody else. Each owning context builds its
 * object's policy from these (BidPolicy, ProposalPolicy, ContractPolicy), mapping the
 * parties to its own columns.
 */
export type PartyScope = { kind: 'all' } | { kind: 'none' } | { kind: 'organization'; organizationId: string } | { kind: 'community'; communityId: string };

/** The two facts one record is judged by: its organization, and the community of its need. */
export interface PartyFacts {
  organizationId: string;
  communityId: string;
}

/** Where a record's community is in SQL: a column of its own, or (for bids and proposals) the ids of that community's needs. */
export type CommunityColumn = { column: string } | { needColumn: string; communityNeedIds: readonly string[] };

export function partyScope(principal: Principal | null): PartyScope {
  if (!principal) return { kind: 'none' };
  if (isOrganizerOrAdmin(principal)) return { kind: 'all' };
  if (principal.role === Role.ORGANIZATION && principal.organizationId) return { kind: 'organization', organizationId: principal.organizationId };
  if (principal.role === Role.COMMUNITY && principal.communityId) return { kind: 'community', communityId: principal.communityId };
  return { kind: 'none' };
}

export function partyAllows(scope: PartyScope, record: PartyFacts): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'organization':
      return record.organizationId === scope.organizationId;
    case 'community':
      return record.communityId === scope.communityId;
    case 'none':
      return false;
  }
}

/** The scope as a WHERE condition; `param` prefixes the parameter names so filters of several policies can share a query. */
export function partyWhere(scope: PartyScope, organizationColumn: string, community: CommunityColumn, param: string): SqlFilter {
  switch (scope.kind) {
    case 'all':
      return { sql: 'TRUE', params: {} };
    case 'organization':
      return { sql: `${organizationColumn} = :${param}OrganizationId`, params: { [`${param}OrganizationId`]: scope.organizationId } };
    case 'community':
      if ('column' in community) return { sql: `${community.column} = :${param}CommunityId`, params: { [`${param}CommunityId`]: scope.communityId } };
      return community.communityNeedIds.length
        ? { sql: `${community.needColumn} IN (:...${param}CommunityNeedIds)`, params: { [`${param}CommunityNeedIds`]: [...community.communityNeedIds] } }
        : { sql: 'FALSE', params: {} };
    case 'none':
      return { sql: 'FALSE', params: {} };
  }
}

/**
 * The policy of a record about a need, made by an organization (a bid, a proposal): it
 * has `organization_id` and `need_id` columns, and its community is that of its need.
 * `scope` is the rule; `canRead` applies it in memory (subscriptions, nested fields);
 * `where` is the same scope as the SQL filter on `alias`, given (for a community
 * scope) the ids of that community's needs, which the needs context knows.
 */
export function needPartyPolicy(param: string) {
  return {
    scope: (principal: Principal | null): PartyScope => partyScope(principal),
    canRead: (principal: Principal | null, record: { organizationId: string }, needCommunityId: string): boolean =>
      partyAllows(partyScope(principal), { organizationId: record.organizationId, communityId: needCommunityId }),
    where: (scope: PartyScope, alias: string, communityNeedIds: readonly string[] = []): SqlFilter =>
      partyWhere(scope, `${alias}.organization_id`, { needColumn: `${alias}.need_id`, communityNeedIds }, param),
  };
}
