import { Principal, Role } from '@app/core';
import { NeedStatus } from './entities/service-need.entity';
import { NeedPolicy, PUBLIC_NEED_STATUSES } from './need.policy';

const canSeeNeed = NeedPolicy.canRead;

const principal = (role: Role, communityId: string | null = null): Principal => ({ userId: 'u', role, communityId, organizationId: null });
const owner = principal(Role.COMMUNITY, 'c-1');
const neighbour = principal(Role.COMMUNITY, 'c-2');

describe('canSeeNeed', () => {
  it('shows needs on the market, or once on it, to everyone, anonymous callers included', () => {
    for (const status of PUBLIC_NEED_STATUSES) {
      for (const viewer of [null, neighbour, principal(Role.ORGANIZATION)]) expect(canSeeNeed(viewer, { status, communityId: 'c-1' })).toBe(true);
    }
  });

  it.each([NeedStatus.DRAFT, NeedStatus.WITHDRAWN])('shows a %s need only to its community, organizers and admins', (status) => {
    const need = { status, communityId: 'c-1' };
    expect(canSeeNeed(owner, need)).toBe(true);
    expect(canSeeNeed(principal(Role.ORGANIZER), need)).toBe(true);
    expect(canSeeNeed(principal(Role.ADMIN), need)).toBe(true);
    expect(canSeeNeed(null, need)).toBe(false);
    expect(canSeeNeed(neighbour, need)).toBe(false);
    expect(canSeeNeed(principal(Role.ORGANIZATION), need)).toBe(false);
  });
});
