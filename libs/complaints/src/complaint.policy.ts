import { isOrganizerOrAdmin, Principal, Role, SqlFilter } from '@app/core';

/**
 * Who may read a complaint: organizers and admins all; its filer its own; the need's
 * community those on its needs; nobody else (not the other bidders, not the public:
 * open data says at most that a resolved complaint exists). `canRead` applies the rule
 * in memory (subscriptions, nested fields); `where` is the same scope as SQL.
 */
export type ComplaintScope = { kind: 'all' } | { kind: 'none' } | { kind: 'party'; userId: string; communityId: string | null };

export const ComplaintPolicy = {
  scope(principal: Principal | null): ComplaintScope {
    if (!principal) return { kind: 'none' };
    if (isOrganizerOrAdmin(principal)) return { kind: 'all' };
    if (principal.role === Role.COMMUNITY) return { kind: 'party', userId: principal.userId, communityId: principal.communityId ?? null };
    if (principal.role === Role.ORGANIZATION) return { kind: 'party', userId: principal.userId, communityId: null };
    return { kind: 'none' };
  },

  canRead(principal: Principal | null, complaint: { filedByUserId: string; needCommunityId: string }): boolean {
    const scope = ComplaintPolicy.scope(principal);
    switch (scope.kind) {
      case 'all':
        return true;
      case 'party':
        return complaint.filedByUserId === scope.userId || (scope.communityId !== null && complaint.needCommunityId === scope.communityId);
      case 'none':
        return false;
    }
  },

  /** On `alias` (a complaints row). */
  where(scope: ComplaintScope, alias: string): SqlFilter {
    switch (scope.kind) {
      case 'all':
        return { sql: 'TRUE', params: {} };
      case 'party':
        return scope.communityId
          ? {
              sql: `(${alias}.filed_by_user_id = :policyComplaintUserId OR ${alias}.need_community_id = :policyComplaintCommunityId)`,
              params: { policyComplaintUserId: scope.userId, policyComplaintCommunityId: scope.communityId },
            }
          : { sql: `${alias}.filed_by_user_id = :policyComplaintUserId`, params: { policyComplaintUserId: scope.userId } };
      case 'none':
        return { sql: 'FALSE', params: {} };
    }
  },
};
