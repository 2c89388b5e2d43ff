import { Principal, Role } from '@app/core';
import { ComplaintPolicy } from './complaint.policy';

const principal = (role: Role, ids: Partial<Principal> = {}): Principal => ({ userId: 'u', role, communityId: null, organizationId: null, ...ids });
const complaint = { filedByUserId: 'filer', needCommunityId: 'community-1' };

describe('ComplaintPolicy', () => {
  it('lets organizers and admins read every complaint, and in SQL filters nothing', () => {
    expect(ComplaintPolicy.canRead(principal(Role.ORGANIZER), complaint)).toBe(true);
    expect(ComplaintPolicy.canRead(principal(Role.ADMIN), complaint)).toBe(true);
    expect(ComplaintPolicy.where(ComplaintPolicy.scope(principal(Role.ORGANIZER)), 'c').sql).toBe('TRUE');
  });

  it('lets the filer read its own, and no other organization', () => {
    expect(ComplaintPolicy.canRead(principal(Role.ORGANIZATION, { userId: 'filer', organizationId: 'o' }), complaint)).toBe(true);
    expect(ComplaintPolicy.canRead(principal(Role.ORGANIZATION, { userId: 'other', organizationId: 'o2' }), complaint)).toBe(false);
    const where = ComplaintPolicy.where(ComplaintPolicy.scope(principal(Role.ORGANIZATION, { userId: 'other', organizationId: 'o2' })), 'c');
    expect(where).toEqual({ sql: 'c.filed_by_user_id = :policyComplaintUserId', params: { policyComplaintUserId: 'other' } });
  });

  it("lets the need's community read those on its needs, and no other community", () => {
    expect(ComplaintPolicy.canRead(principal(Role.COMMUNITY, { userId: 'cu', communityId: 'community-1' }), complaint)).toBe(true);
    expect(ComplaintPolicy.canRead(principal(Role.COMMUNITY, { userId: 'cu', communityId: 'community-2' }), complaint)).toBe(false);
    const where = ComplaintPolicy.where(ComplaintPolicy.scope(principal(Role.COMMUNITY, { userId: 'cu', communityId: 'community-2' })), 'c');
    expect(where.params).toEqual({ policyComplaintUserId: 'cu', policyComplaintCommunityId: 'community-2' });
  });

  it('shows nothing to an anonymous caller', () => {
    expect(ComplaintPolicy.canRead(null, complaint)).toBe(false);
    expect(ComplaintPolicy.where(ComplaintPolicy.scope(null), 'c').sql).toBe('FALSE');
  });
});
