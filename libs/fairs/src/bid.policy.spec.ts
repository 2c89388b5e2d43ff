import { Principal, Role } from '@app/core';
import { BidPolicy } from './bid.policy';

const canReadBid = BidPolicy.canRead;

const principal = (role: Role, ids: Partial<Principal> = {}): Principal => ({ userId: 'u', role, communityId: null, organizationId: null, ...ids });

describe('canReadBid', () => {
  const bid = { organizationId: 'org-a' };

  it('lets organizers and admins read every bid', () => {
    expect(canReadBid(principal(Role.ORGANIZER), bid, 'community-1')).toBe(true);
    expect(canReadBid(principal(Role.ADMIN), bid, 'community-1')).toBe(true);
  });

  it("lets an organization read its own bid and never another organization's", () => {
    expect(canReadBid(principal(Role.ORGANIZATION, { organizationId: 'org-a' }), bid, 'community-1')).toBe(true);
    expect(canReadBid(principal(Role.ORGANIZATION, { organizationId: 'org-b' }), bid, 'community-1')).toBe(false);
  });

  it("lets only the need's own community read the bids on it", () => {
    expect(canReadBid(principal(Role.COMMUNITY, { communityId: 'community-1' }), bid, 'community-1')).toBe(true);
    expect(canReadBid(principal(Role.COMMUNITY, { communityId: 'community-2' }), bid, 'community-1')).toBe(false);
  });

  it('shows nothing to an anonymous caller', () => {
    expect(canReadBid(null, bid, 'community-1')).toBe(false);
  });
});
