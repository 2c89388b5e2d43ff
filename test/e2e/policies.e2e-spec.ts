import { Principal, Role } from '@app/core';
import { ContractPolicy, ContractsService } from '@app/contracts';
import { BidPolicy, BidsService } from '@app/fairs';
import { ProposalPolicy, ProposalsService } from '@app/matching-runs';
import { NeedPolicy, NeedsArgs, NeedsService } from '@app/needs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestApi } from './support/api';
import { ContractFixtures } from './support/contract-fixtures';

/**
 * One access rule per object: the same policy object filters the SQL (what the queries
 * return) and answers the in-memory check (what subscriptions and nested fields let
 * through). For every kind of caller, over one set of records, both must agree.
 */
describe('access policies (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let seed: ContractFixtures;
  let fairId: string;
  let viewers: Array<[string, Principal | null]>;
  let needs: Array<{ id: string; communityId: string; status: string }>;
  const sorted = (ids: string[]) => [...ids].sort();

  const postNeed = async (token: string, title: string, draft = false) =>
    (
      await api.ok(
        `mutation($input: PostNeedInput!) { postNeed(input: $input) { id status } }`,
        {
          input: {
            title,
            description: '社区居民服务项目',
            domain: 'ELDERLY_CARE',
            beneficiaries: 60,
            budget: '50000.00',
            fundingSource: 'DISTRICT',
            startsOn: '2027-02-01',
            endsOn: '2027-11-30',
            fairId,
            draft,
          },
        },
        token,
      )
    ).postNeed as { id: string; status: string };

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    seed = new ContractFixtures(db);
    fairId = await seed.fair('第六届南京社洽会');
    const [a, b] = await Promise.all([api.registerCommunity(), api.registerCommunity({ name: '孝陵卫社区', street: '孝陵卫街道' })]);
    const [o1, o2] = await Promise.all([api.registerOrganization(), api.registerOrganization()]);
    const published = await postNeed(a.token, '高龄老人助餐');
    const draft = await postNeed(a.token, '困境儿童托管', true);
    const withdrawn = await postNeed(a.token, '社区志愿者培训');
    await api.ok(`mutation($id: ID!) { withdrawNeed(id: $id) { id } }`, { id: withdrawn.id }, a.token);
    const otherPublished = await postNeed(b.token, '残疾人康复');
    const otherDraft = await postNeed(b.token, '心理疏导', true);
    needs = [
      { id: published.id, communityId: a.communityId, status: 'PUBLISHED' },
      { id: draft.id, communityId: a.communityId, status: 'DRAFT' },
      { id: withdrawn.id, communityId: a.communityId, status: 'WITHDRAWN' },
      { id: otherPublished.id, communityId: b.communityId, status: 'PUBLISHED' },
      { id: otherDraft.id, communityId: b.communityId, status: 'DRAFT' },
    ];

    // Bids, proposals and contracts from both organizations on both communities' published needs.
    const sessionId = await seed.session(fairId, [published.id, otherPublished.id]);
    const runId = await seed.run(sessionId);
    for (const need of [published, otherPublished]) {
      for (const [i, org] of [o1, o2].entries()) {
        const bidId = await seed.bid(need.id, org.organizationId, 4_000_000 + i, sessionId);
        await seed.proposal(runId, need.id, org.organizationId, { bidId, rank: i + 1 });
      }
    }
    const contract = async (needId: string, organizationId: string, communityId: string) =>
      db.query(
        `INSERT INTO contracts (number, need_id, organization_id, community_id, fair_id, amount_fen, funding_source, starts_on, ends_on)
         VALUES ($1, $2, $3, $4, $5, 4000000, 'DISTRICT', '2027-02-01', '2027-11-30')`,
        [`NJ-TEST-${randomUUID().slice(0, 8)}`, needId, organizationId, communityId, fairId],
      );
    await contract(published.id, o1.organizationId, a.communityId);
    await contract(otherPublished.id, o2.organizationId, b.communityId);

    const principal = (role: Role, ids: Partial<Principal> = {}): Principal => ({
      userId: randomUUID(),
      role,
      communityId: null,
      organizationId: null,
      ...ids,
    });
    viewers = [
      ['an anonymous caller', null],
      ['the first community', principal(Role.COMMUNITY, { communityId: a.communityId })],
      ['the second community', principal(Role.COMMUNITY, { communityId: b.communityId })],
      ['the first organization', principal(Role.ORGANIZATION, { organizationId: o1.organizationId })],
      ['the second organization', principal(Role.ORGANIZATION, { organizationId: o2.organizationId })],
      ['an organizer', principal(Role.ORGANIZER)],
      ['an admin', principal(Role.ADMIN)],
    ];
  }, 60_000);
  afterAll(() => api?.stop());

  it('NeedPolicy: the needs the queries return are exactly those the in-memory check lets through', async () => {
    const service = api.app.get(NeedsService);
    const args = Object.assign(new NeedsArgs(), { first: 100, filter: { fairId } });
    for (const [, viewer] of viewers) {
      const expected = sorted(needs.filter((n) => NeedPolicy.canRead(viewer, n as never)).map((n) => n.id));
      expect(sorted((await service.readableOfFair(viewer, fairId)).map((n) => n.id))).toEqual(expected);
      expect(sorted((await service.search(args, viewer)).nodes.map((n) => n.id))).toEqual(expected);
      for (const need of needs) expect((await service.visibleNeed(viewer, need.id))?.id ?? null).toBe(expected.includes(need.id) ? need.id : null);
    }
    // The rule itself: drafts and withdrawn needs only for their community and staff.
    expect(sorted((await service.readableOfFair(null, fairId)).map((n) => n.status))).toEqual(['PUBLISHED', 'PUBLISHED']);
  });

  it('BidPolicy: the bids the query returns are exactly those the in-memory check lets through', async () => {
    const service = api.app.get(BidsService);
    const needIds = needs.map((n) => n.id);
    const all = await service.withNeedFacts(
      (await db.query('SELECT id FROM bids WHERE need_id = ANY($1::uuid[])', [needIds])).map((r: { id: string }) => r.id),
    );
    expect(all).toHaveLength(4);
    const seenBy = new Map<string, number>();
    for (const [name, viewer] of viewers) {
      const expected = sorted(all.filter((b) => BidPolicy.canRead(viewer, b.bid, b.needCommunityId)).map((b) => b.bid.id));
      expect(sorted((await service.visibleOnNeeds(viewer, needIds)).map((b) => b.id))).toEqual(expected);
      seenBy.set(name, expected.length);
    }
    expect(Object.fromEntries(seenBy)).toEqual({
      'an anonymous caller': 0,
      'the first community': 2,
      'the second community': 2,
      'the first organization': 2,
      'the second organization': 2,
      'an organizer': 4,
      'an admin': 4,
    });
  });

  it('ProposalPolicy: the proposals the query returns are exactly those the in-memory check lets through', async () => {
    const service = api.app.get(ProposalsService);
    const [{ id: anyProposal }] = await db.query('SELECT id FROM match_proposals WHERE need_id = $1 LIMIT 1', [needs[0].id]);
    const [{ run_id: runId }] = await db.query('SELECT run_id FROM match_proposals WHERE id = $1', [anyProposal]);
    const all = await Promise.all(
      (await db.query('SELECT id FROM match_proposals WHERE run_id = $1', [runId])).map((r: { id: string }) => service.withNeedFacts(r.id)),
    );
    expect(all).toHaveLength(4);
    for (const [, viewer] of viewers.filter(([, v]) => v !== null)) {
      const expected = sorted(all.filter((p) => ProposalPolicy.canRead(viewer, p!.proposal, p!.needCommunityId)).map((p) => p!.proposal.id));
      expect(expected.length).toBeGreaterThan(0);
      expect(sorted((await service.list(viewer!, { runId })).map((p) => p.id))).toEqual(expected);
    }
    expect(ProposalPolicy.canRead(null, all[0]!.proposal, all[0]!.needCommunityId)).toBe(false);
  });

  it('ContractPolicy: the contracts the query returns are exactly those the in-memory check lets through', async () => {
    const service = api.app.get(ContractsService);
    const all = await service.ofNeeds(needs.map((n) => n.id));
    expect(all).toHaveLength(2);
    for (const [, viewer] of viewers.filter(([, v]) => v !== null)) {
      const expected = sorted(all.filter((c) => ContractPolicy.canRead(viewer, c)).map((c) => c.id));
      expect(sorted((await service.list(viewer!, { filter: { fairId }, first: 100, offset: 0 })).map((c) => c.id))).toEqual(expected);
      for (const c of all) expect((await service.findVisible(viewer!, c.id))?.id ?? null).toBe(expected.includes(c.id) ? c.id : null);
    }
  });

  it('open data publishes the public needs of the fair only: never a DRAFT or WITHDRAWN one', async () => {
    const pkg = (await api.ok(`query($fairId: ID!) { ocdsReleasePackage(fairId: $fairId) }`, { fairId })).ocdsReleasePackage;
    const published = pkg.releases.map((r: { tender: { id: string } }) => r.tender.id);
    expect(sorted(published)).toEqual(sorted(needs.filter((n) => n.status === 'PUBLISHED').map((n) => n.id)));
    for (const hidden of needs.filter((n) => n.status === 'DRAFT' || n.status === 'WITHDRAWN')) expect(published).not.toContain(hidden.id);
  });
});
