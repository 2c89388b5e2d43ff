import { isOrganizerOrAdmin, Principal, SqlFilter } from '@app/core';
import { NeedStatus } from './entities/service-need.entity';

/**
 * Needs that are or were on the market (PUBLISHED, MATCHED, CONTRACTED, CLOSED) are
 * public: residents and organizations follow what was bought. A DRAFT is still being
 * written and a WITHDRAWN need was taken back: never public.
 */
export const PUBLIC_NEED_STATUSES: readonly NeedStatus[] = [NeedStatus.PUBLISHED, NeedStatus.MATCHED, NeedStatus.CONTRACTED, NeedStatus.CLOSED];

/** Which needs a caller may read, as data: every need, or the public ones plus (for a community) its own. */
export type NeedScope = { kind: 'all' } | { kind: 'public'; ownCommunityId: string | null };

/**
 * Who sees which need, once for the whole product. Public needs are seen by everyone,
 * anonymous callers and open data (OCDS) included; DRAFT and WITHDRAWN needs only by
 * the owning community, organizers and admins. `need(id)` answers a hidden need with
 * null, exactly like an unknown id, so its existence does not leak; `needs(...)` never
 * matches one, whatever `statuses` asks for; a session's table and the fair's figures
 * list only what this rule lets through.
 *
 * The rule is `scope`; `allows` reads it in memory (nested fields, subscriptions) and
 * `where` turns it into the SQL filter the needs repositories apply, so the two cannot
 * disagree.
 */
export const NeedPolicy = {
  publicStatuses: PUBLIC_NEED_STATUSES,

  isPublic(status: NeedStatus): boolean {
    return PUBLIC_NEED_STATUSES.includes(status);
  },

  scope(viewer: Principal | null): NeedScope {
    if (viewer && isOrganizerOrAdmin(viewer)) return { kind: 'all' };
    return { kind: 'public', ownCommunityId: viewer?.communityId ?? null };
  },

  allows(scope: NeedScope, need: { status: NeedStatus; communityId: string }): boolean {
    if (scope.kind === 'all') return true;
    return NeedPolicy.isPublic(need.status) || (scope.ownCommunityId !== null && scope.ownCommunityId === need.communityId);
  },

  canRead(viewer: Principal | null, need: { status: NeedStatus; communityId: string }): boolean {
    return NeedPolicy.allows(NeedPolicy.scope(viewer), need);
  },

  /** The scope as a condition on `alias` (a service_needs row), for a query builder (named parameters). */
  where(scope: NeedScope, alias: string): SqlFilter {
    const params: Record<string, unknown> = {};
    const sql = NeedPolicy.condition(scope, alias, (v) => {
      const name = `policyNeed${Object.keys(params).length}`;
      params[name] = v;
      return `:${name}`;
    });
    return { sql, params };
  },

  /** The scope as a condition on `alias`, each value placed by `value` (`where`, or `$n` in a prepared statement). */
  condition(scope: NeedScope, alias: string, value: (v: unknown) => string): string {
    if (scope.kind === 'all') return 'TRUE';
    const isPublic = `${alias}.status = ANY(CAST(${value([...PUBLIC_NEED_STATUSES])} AS need_status[]))`;
    if (scope.ownCommunityId === null) return isPublic;
    return `(${isPublic} OR ${alias}.community_id = ${value(scope.ownCommunityId)})`;
  },
};
