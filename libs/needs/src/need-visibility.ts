import { isOrganizerOrAdmin, Principal } from '@app/core';
import { NeedStatus } from './entities/service-need.entity';

/**
 * Who sees which need. Needs that are or were on the market (PUBLISHED, MATCHED,
 * CONTRACTED, CLOSED) are public: residents and organizations follow what was bought.
 * A DRAFT is still being written and a WITHDRAWN need was taken back: only the owning
 * community and the organizers (and admins) see those. The same rule serves `need(id)`
 * (a hidden need answers null, exactly like an unknown id, so its existence does not
 * leak) and `needs(...)` (hidden needs never match, whatever `statuses` asks for).
 */
export const PUBLIC_NEED_STATUSES: readonly NeedStatus[] = [NeedStatus.PUBLISHED, NeedStatus.MATCHED, NeedStatus.CONTRACTED, NeedStatus.CLOSED];

export function canSeeNeed(viewer: Principal | null, need: { status: NeedStatus; communityId: string }): boolean {
  if (PUBLIC_NEED_STATUSES.includes(need.status)) return true;
  if (!viewer) return false;
  return isOrganizerOrAdmin(viewer) || (viewer.communityId !== null && viewer.communityId === need.communityId);
}
