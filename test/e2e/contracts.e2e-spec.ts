import { ContractWriterService } from '@app/contracts';
import { channels, PUB_SUB, SessionEventMessage } from '@app/core';
import { INestApplicationContext } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { errorCode, GqlResult, TestApi } from './support/api';
import { ContractFixtures, eventually } from './support/contract-fixtures';

// Booting the api and a worker and waiting for the worker's jobs takes longer than jest's 5 s default.
jest.setTimeout(60_000);

const ACCEPT = `mutation($id: ID!) { acceptProposal(id: $id) { id status communityAccepted organizationAccepted } }`;
const DECLINE = `mutation($id: ID!) { declineProposal(id: $id) { id status } }`;
const CONTRACT_FIELDS = `id number amount fundingSource startsOn endsOn status communitySignedAt organizationSignedAt
  milestones { seq title dueOn amount paid } evaluation { score comment }
  need { id status } organization { id activeProjects performanceScore } community { id } proposal { id status contract { id } }`;
const CONTRACT = `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`;
const SIGN = `mutation($id: ID!) { signContract(id: $id) { id status communitySignedAt organizationSignedAt } }`;
const PAY = `mutation($id: ID!, $seq: Int!) { markMilestonePaid(contractId: $id, seq: $seq) { id status milestones { seq paid } } }`;
const COMPLETE = `mutation($id: ID!) { completeContract(id: $id) { id status } }`;
const EVALUATE = `mutation($input: EvaluateContractInput!) { evaluateContract(input: $input) { id score comment createdAt } }`;
const ORGANIZATION = `query($id: ID!) { organization(id: $id) { activeProjects performanceScore } }`;

type Party = { token: string; id: string };

describe('contracts (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let seed: ContractFixtures;
  let organizer: string;
  let fairId: string;
  let sessionId: string;

  beforeAll(async () => {
    api = await TestApi.start();
    worker = await createWorkerApp();
    db = api.app.get(DataSource);
    seed = new ContractFixtures(db);
    organizer = await api.organizerToken();
    fairId = await seed.fair();
    sessionId = await seed.session(fairId);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.stop();
  });

  const community = async (): Promise<Party> => {
    const c = await api.registerCommunity();
    return { token: c.token, id: c.communityId };
  };
  const organization = async (maxConcurrentProjects = 3): Promise<Party> => {
    const o = await api.registerOrganization({ maxConcurrentProjects });
    return { token: o.token, id: o.organizationId };
  };
  const accept = (proposalId: string, party: Party) => api.gql(ACCEPT, { id: proposalId }, party.token);
  const codeOrOk = (r: GqlResult) => errorCode(r) ?? 'OK';

  /** One need of `c` proposed to `o` (optionally on a bid), both sides accept, the worker writes the contract. */
  async function contracted(
    c: Party,
    o: Party,
    need: Parameters<ContractFixtures['need']>[1] = {},
    bidPriceFen?: number,
  ): Promise<{ needId: string; proposalId: string; contractId: string }> {
    const needId = await seed.need(c.id, { fairId, ...need });
    const bidId = bidPriceFen ? await seed.bid(needId, o.id, bidPriceFen, sessionId) : null;
    const proposalId = await seed.proposal(await seed.run(sessionId), needId, o.id, { bidId });
    await api.ok(ACCEPT, { id: proposalId }, c.token);
    await api.ok(ACCEPT, { id: proposalId }, o.token);
    const contractId = await eventually(async () => (await seed.contractsOfNeed(needId))[0]?.id, 'the contract');
    return { needId, proposalId, contractId };
  }

  async function signedByBoth(c: Party, o: Party, contractId: string): Promise<void> {
    await api.ok(SIGN, { id: contractId }, c.token);
    await api.ok(SIGN, { id: contractId }, o.token);
  }

  describe('mutual acceptance', () => {
    it('writes exactly one contract per need when both sides accept several proposals of it at once', async () => {
      const c = await community();
      const orgs = await Promise.all([organization(), organization(), organization(), organization()]);
      const needId = await seed.need(c.id, { fairId });
      const runId = await seed.run(sessionId);
      const proposals = await Promise.all(orgs.map((o, i) => seed.proposal(runId, needId, o.id, { rank: i + 1 })));

      // The community and every organization accept at the same moment.
      const results = await Promise.all(proposals.flatMap((p, i) => [accept(p, c), accept(p, orgs[i])]));
      // An acceptance may only lose to a contract already written for the need (CONFLICT), nothing else.
      expect(results.map(codeOrOk).every((code) => code === 'OK' || code === 'CONFLICT')).toBe(true);

      const settled = await eventually(async () => {
        const rows = await Promise.all(proposals.map((p) => seed.proposalRow(p)));
        return rows.some((r) => r.status === 'ACCEPTED' || r.status === 'PROPOSED') ? undefined : rows;
      }, 'every proposal to be contracted or expired');

      const contracts = await seed.contractsOfNeed(needId);
      expect(contracts).toHaveLength(1);
      expect(settled.filter((r) => r.status === 'CONTRACTED')).toHaveLength(1);
      const winner = proposals[settled.findIndex((r) => r.status === 'CONTRACTED')];
      expect(contracts[0].proposal_id).toBe(winner);
      for (const row of settled.filter((r) => r.status !== 'CONTRACTED')) {
        expect(row.status).toBe('EXPIRED');
        expect(row.status_reason).toMatch(/contracted to another organization/);
      }
      const need = await api.ok(`query($id: ID!) { need(id: $id) { status } }`, { id: needId }, c.token);
      expect(need.need.status).toBe('CONTRACTED');
    });

    it('makes a proposal ACCEPTED exactly once when its two sides accept concurrently', async () => {
      const c = await community();
      const o = await organization();
      const needId = await seed.need(c.id, { fairId });
      const proposalId = await seed.proposal(await seed.run(sessionId), needId, o.id);
      const [byCommunity, byOrganization] = await Promise.all([accept(proposalId, c), accept(proposalId, o)]);
      expect([codeOrOk(byCommunity), codeOrOk(byOrganization)]).toEqual(['OK', 'OK']);
      // The second writer saw the first's flag under the row lock: both flags are kept, and exactly one
      // of the two made the proposal ACCEPTED (and so enqueued the contract job).
      const trail: Array<{ to_status: string; from_status: string }> = await db.query(
        `SELECT from_status, to_status FROM audit_log WHERE entity_type = 'PROPOSAL' AND entity_id = $1 ORDER BY id`,
        [proposalId],
      );
      expect(trail.filter((t) => t.from_status === 'PROPOSED' && t.to_status === 'ACCEPTED')).toHaveLength(1);
      await eventually(async () => (await seed.contractsOfNeed(needId)).length === 1, 'the contract');
      expect(await seed.proposalRow(proposalId)).toMatchObject({ status: 'CONTRACTED', community_accepted: true, organization_accepted: true });
    });

    it("never goes beyond an organization's capacity: the second need it wins expires with the reason", async () => {
      const o = await organization(1);
      const [c1, c2] = await Promise.all([community(), community()]);
      const runId = await seed.run(sessionId);
      const needs = [await seed.need(c1.id, { fairId }), await seed.need(c2.id, { fairId })];
      const proposals = [await seed.proposal(runId, needs[0], o.id), await seed.proposal(runId, needs[1], o.id)];
      await Promise.all([accept(proposals[0], c1), accept(proposals[0], o), accept(proposals[1], c2), accept(proposals[1], o)]);

      const rows = await eventually(async () => {
        const r = await Promise.all(proposals.map((p) => seed.proposalRow(p)));
        return r.every((x) => x.status === 'CONTRACTED' || x.status === 'EXPIRED') ? r : undefined;
      }, 'both proposals to settle');
      expect(rows.map((r) => r.status).sort()).toEqual(['CONTRACTED', 'EXPIRED']);
      expect(rows.find((r) => r.status === 'EXPIRED')!.status_reason).toMatch(/^organization at capacity/);
      const contracts: Array<{ count: number }> = await db.query('SELECT count(*)::int AS count FROM contracts WHERE organization_id = $1', [o.id]);
      expect(contracts[0].count).toBe(1);
      // The need that lost its only proposal goes back on the market (PUBLISHED), for a new session.
      const lost = needs[rows.findIndex((r) => r.status === 'EXPIRED')];
      expect((await db.query('SELECT status FROM service_needs WHERE id = $1', [lost]))[0].status).toBe('PUBLISHED');
    });

    it("lets only the need's community and the proposal's organization accept or decline", async () => {
      const [c, stranger] = await Promise.all([community(), community()]);
      const [o, otherOrg] = await Promise.all([organization(), organization()]);
      const needId = await seed.need(c.id, { fairId });
      const proposalId = await seed.proposal(await seed.run(sessionId), needId, o.id);
      for (const token of [stranger.token, otherOrg.token, organizer, await api.adminToken()]) {
        expect(errorCode(await api.gql(ACCEPT, { id: proposalId }, token))).toBe('FORBIDDEN');
        expect(errorCode(await api.gql(DECLINE, { id: proposalId }, token))).toBe('FORBIDDEN');
      }
      expect(errorCode(await api.gql(ACCEPT, { id: proposalId }))).toBe('UNAUTHENTICATED');
      expect(await seed.proposalRow(proposalId)).toMatchObject({ status: 'PROPOSED', community_accepted: false, organization_accepted: false });
      expect(errorCode(await api.gql(ACCEPT, { id: '00000000-0000-4000-8000-000000000000' }, c.token))).toBe('NOT_FOUND');
    });

    it('declines a proposal, after which neither side can accept it', async () => {
      const c = await community();
      const o = await organization();
      const needId = await seed.need(c.id, { fairId });
      const proposalId = await seed.proposal(await seed.run(sessionId), needId, o.id);
      expect((await api.ok(ACCEPT, { id: proposalId }, c.token)).acceptProposal).toMatchObject({
        status: 'PROPOSED',
        communityAccepted: true,
        organizationAccepted: false,
      });
      expect((await api.ok(DECLINE, { id: proposalId }, o.token)).declineProposal.status).toBe('DECLINED');
      expect(errorCode(await api.gql(ACCEPT, { id: proposalId }, o.token))).toBe('CONFLICT');
      expect(errorCode(await api.gql(DECLINE, { id: proposalId }, c.token))).toBe('CONFLICT');
      expect(await seed.contractsOfNeed(needId)).toEqual([]);
    });

    it('refuses to accept or decline a proposal that became a contract', async () => {
      const c = await community();
      const o = await organization();
      const { proposalId } = await contracted(c, o);
      expect(errorCode(await api.gql(DECLINE, { id: proposalId }, c.token))).toBe('CONFLICT');
      expect(errorCode(await api.gql(ACCEPT, { id: proposalId }, o.token))).toBe('CONFLICT');
    });
  });

  describe('through the whole fair', () => {
    it("turns the matching worker's proposal into a contract at the bid price once both sides accept", async () => {
      const fair = (
        await api.ok(
          `mutation($input: CreateFairInput!) { createFair(input: $input) { id } }`,
          { input: { name: '第五届南京社洽会（全流程）', city: '南京', startsOn: '2026-12-05', endsOn: '2026-12-06' } },
          organizer,
        )
      ).createFair.id;
      // In 高淳区, far from the organizations other test files register downtown, so this one is the best candidate.
      const c = await api.registerCommunity({ district: '高淳区', street: '淳溪街道', location: { lat: 31.327, lng: 118.875 } });
      const o = await api.registerOrganization({ district: '高淳区', location: { lat: 31.33, lng: 118.88 }, serviceRadiusKm: 10 });
      await api.ok(
        `mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`,
        {
          input: {
            domain: 'ELDERLY_CARE',
            title: '居家养老上门服务',
            description: '助餐、助洁、探访',
            priceMin: '20000.00',
            priceMax: '60000.00',
            annualBeneficiaries: 500,
          },
        },
        o.token,
      );
      const needId = (
        await api.ok(
          `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
          {
            input: {
              title: '锁金村高龄老人助餐服务',
              description: '为高龄独居老人提供助餐与探访',
              domain: 'ELDERLY_CARE',
              beneficiaries: 120,
              budget: '48000.00',
              fundingSource: 'DISTRICT',
              startsOn: '2027-01-01',
              endsOn: '2027-12-31',
              fairId: fair,
            },
          },
          c.token,
        )
      ).postNeed.id;
      const session = (
        await api.ok(
          `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`,
          {
            input: {
              fairId: fair,
              title: '玄武区项目专场',
              zone: 'DISTRICT_PROJECTS',
              bidDeadline: new Date(Date.now() + 3600_000).toISOString(),
              needIds: [needId],
            },
          },
          organizer,
        )
      ).openSession.id;
      const bidId = (
        await api.ok(
          `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`,
          { input: { needId, sessionId: session, price: '40000.00', plan: '每周三次上门' } },
          o.token,
        )
      ).submitBid.id;
      await api.ok(`mutation($id: ID!) { closeBidding(sessionId: $id) { id } }`, { id: session }, organizer);
      const runId = (await api.ok(`mutation($id: ID!) { runMatching(sessionId: $id) { id } }`, { id: session }, organizer)).runMatching.id;
      await eventually(async () => {
        const status = (await api.ok(`query($id: ID!) { matchRun(id: $id) { status } }`, { id: runId }, organizer)).matchRun.status;
        if (status === 'FAILED') throw new Error('the match run failed');
        return status === 'SUCCEEDED';
      }, 'the match run');

      const PROPOSALS = `query($f: ProposalFilter!) { proposals(filter: $f) { id status organization { id } bid { id } contract { id amount status } } }`;
      // Other test files' organizations share this database: look at this organization's proposal.
      const [proposal] = (await api.ok(PROPOSALS, { f: { runId, needId, organizationId: o.organizationId } }, c.token)).proposals;
      expect(proposal).toMatchObject({ status: 'PROPOSED', organization: { id: o.organizationId }, bid: { id: bidId }, contract: null });
      await Promise.all([api.ok(ACCEPT, { id: proposal.id }, c.token), api.ok(ACCEPT, { id: proposal.id }, o.token)]);
      const contract = await eventually(
        async () => (await api.ok(PROPOSALS, { f: { runId, needId, organizationId: o.organizationId } }, o.token)).proposals[0].contract,
        'the contract',
      );
      expect(contract).toMatchObject({ amount: '40000.00', status: 'PENDING_SIGNATURE' });
      const listed = await api.ok(
        `query($f: ContractFilter) { contracts(filter: $f) { id fundingSource need { id status } } }`,
        { f: { fairId: fair } },
        organizer,
      );
      expect(listed.contracts).toEqual([{ id: contract.id, fundingSource: 'DISTRICT', need: { id: needId, status: 'CONTRACTED' } }]);
      expect((await db.query('SELECT status FROM bids WHERE id = $1', [bidId]))[0].status).toBe('AWARDED');
    });
  });

  describe('the contract record', () => {
    it("takes the bid price, the need's funding source and period, and 30/40/30 milestones that add up to the amount", async () => {
      const c = await community();
      const [o, rival] = await Promise.all([organization(), organization()]);
      const needId = await seed.need(c.id, { fairId, budgetFen: 4_800_000, startsOn: '2027-03-01', endsOn: '2027-08-31', fundingSource: 'STREET' });
      const bidId = await seed.bid(needId, o.id, 4_500_001, sessionId);
      const rivalBid = await seed.bid(needId, rival.id, 4_600_000, sessionId);
      const proposalId = await seed.proposal(await seed.run(sessionId), needId, o.id, { bidId });
      await api.ok(ACCEPT, { id: proposalId }, c.token);
      await api.ok(ACCEPT, { id: proposalId }, o.token);
      const contractId = await eventually(async () => (await seed.contractsOfNeed(needId))[0]?.id, 'the contract');

      const { contract } = await api.ok(CONTRACT, { id: contractId }, c.token);
      expect(contract).toMatchObject({
        amount: '45000.01',
        fundingSource: 'STREET',
        startsOn: '2027-03-01',
        endsOn: '2027-08-31',
        status: 'PENDING_SIGNATURE',
        need: { id: needId, status: 'CONTRACTED' },
        organization: { id: o.id },
        community: { id: c.id },
        proposal: { id: proposalId, status: 'CONTRACTED', contract: { id: contractId } },
        evaluation: null,
      });
      expect(contract.number).toMatch(/^NJ-\d{4}-\d{6}$/);
      expect(contract.milestones.map((m: { amount: string }) => m.amount)).toEqual(['13500.00', '18000.00', '13500.01']);
      const sumFen = contract.milestones.reduce((s: number, m: { amount: string }) => s + Math.round(Number(m.amount) * 100), 0);
      expect(sumFen).toBe(4_500_001);
      expect(contract.milestones.map((m: { dueOn: string }) => m.dueOn)).toEqual(['2027-03-01', '2027-06-01', '2027-08-31']);
      expect(contract.milestones.every((m: { paid: boolean }) => !m.paid)).toBe(true);

      const bids: Array<{ id: string; status: string }> = await db.query('SELECT id, status FROM bids WHERE need_id = $1', [needId]);
      expect(Object.fromEntries(bids.map((b) => [b.id, b.status]))).toEqual({ [bidId]: 'AWARDED', [rivalBid]: 'REJECTED' });
    });

    it("takes the need's budget when the proposal has no bid, and numbers contracts uniquely", async () => {
      const c = await community();
      const [o1, o2] = await Promise.all([organization(), organization()]);
      const first = await contracted(c, o1, { budgetFen: 1_000_001 });
      const second = await contracted(c, o2, { budgetFen: 2_000_000 });
      const a = (await api.ok(CONTRACT, { id: first.contractId }, c.token)).contract;
      const b = (await api.ok(CONTRACT, { id: second.contractId }, c.token)).contract;
      expect(a.amount).toBe('10000.01');
      expect(a.milestones.map((m: { amount: string }) => m.amount)).toEqual(['3000.00', '4000.00', '3000.01']);
      expect(b.amount).toBe('20000.00');
      expect(a.number).not.toBe(b.number);
    });

    it('is written once: a retried job finds the proposal contracted and changes nothing', async () => {
      const c = await community();
      const o = await organization();
      const { needId, proposalId, contractId } = await contracted(c, o);
      const outcome = await worker.get(ContractWriterService).createFromProposal(proposalId);
      expect(outcome).toEqual({ kind: 'skipped', reason: 'already contracted' });
      expect((await seed.contractsOfNeed(needId)).map((x) => x.id)).toEqual([contractId]);
    });

    it('records every status change in the audit trail, readable by organizers only', async () => {
      const c = await community();
      const o = await organization();
      const { proposalId, contractId } = await contracted(c, o);
      await signedByBoth(c, o, contractId);
      const TRAIL = `query($t: String!, $id: ID!) { auditTrail(entityType: $t, entityId: $id) { actorRole actorUserId fromStatus toStatus at } }`;
      const contractTrail = (await api.ok(TRAIL, { t: 'CONTRACT', id: contractId }, organizer)).auditTrail;
      expect(contractTrail.map((e: { fromStatus: string | null; toStatus: string }) => [e.fromStatus, e.toStatus])).toEqual([
        [null, 'PENDING_SIGNATURE'],
        ['PENDING_SIGNATURE', 'PENDING_SIGNATURE'],
        ['PENDING_SIGNATURE', 'SIGNED'],
      ]);
      expect(contractTrail.map((e: { actorRole: string }) => e.actorRole)).toEqual(['SYSTEM', 'COMMUNITY', 'ORGANIZATION']);
      const proposalTrail = (await api.ok(TRAIL, { t: 'PROPOSAL', id: proposalId }, organizer)).auditTrail;
      expect(proposalTrail.map((e: { toStatus: string }) => e.toStatus)).toEqual(['PROPOSED', 'ACCEPTED', 'CONTRACTED']);
      expect(errorCode(await api.gql(TRAIL, { t: 'CONTRACT', id: contractId }, c.token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(TRAIL, { t: 'CONTRACT', id: contractId }, o.token))).toBe('FORBIDDEN');
    });
  });

  describe('live events', () => {
    it('announces the acceptance, the contract written by the worker and its signature on the session channel', async () => {
      const pubSub = api.app.get<PubSubEngine>(PUB_SUB);
      const events: SessionEventMessage[] = [];
      const subscription = await pubSub.subscribe(channels.session(sessionId), (message: SessionEventMessage) => events.push(message), {});
      try {
        const c = await community();
        const o = await organization();
        const { proposalId, contractId } = await contracted(c, o);
        await signedByBoth(c, o, contractId);
        const mine = () => events.filter((e) => e.proposalId === proposalId);
        await eventually(async () => mine().filter((e) => e.type === 'CONTRACT_SIGNED').length === 2, 'both signature events');
        expect(mine().filter((e) => e.type === 'PROPOSAL_ACCEPTED')).toHaveLength(2);
        // Published by the worker, after its commit, and delivered to the api's subscribers.
        expect(mine().filter((e) => e.type === 'CONTRACT_CREATED')).toEqual([expect.objectContaining({ sessionId, fairId, contractId })]);
      } finally {
        pubSub.unsubscribe(subscription);
      }
    });
  });

  describe('visibility', () => {
    it('shows a contract to its parties, organizers and admins, and to no one else', async () => {
      const [c, stranger] = await Promise.all([community(), community()]);
      const [o, otherOrg] = await Promise.all([organization(), organization()]);
      const { contractId } = await contracted(c, o);
      for (const token of [c.token, o.token, organizer, await api.adminToken()]) {
        expect((await api.ok(`query($id: ID!) { contract(id: $id) { id } }`, { id: contractId }, token)).contract).toEqual({ id: contractId });
      }
      for (const token of [stranger.token, otherOrg.token]) {
        expect((await api.ok(`query($id: ID!) { contract(id: $id) { id } }`, { id: contractId }, token)).contract).toBeNull();
        const listed = (await api.ok(`{ contracts { id } }`, {}, token)).contracts.map((x: { id: string }) => x.id);
        expect(listed).not.toContain(contractId);
      }
      // A filter naming someone else's organization does not widen what a community sees.
      const filtered = await api.ok(`query($f: ContractFilter) { contracts(filter: $f) { id } }`, { f: { organizationId: o.id } }, stranger.token);
      expect(filtered.contracts).toEqual([]);
      const ownList = await api.ok(`query($f: ContractFilter) { contracts(filter: $f) { id } }`, { f: { statuses: ['PENDING_SIGNATURE'] } }, o.token);
      expect(ownList.contracts).toEqual([{ id: contractId }]);
      const byFair = await api.ok(`query($f: ContractFilter) { contracts(filter: $f) { id } }`, { f: { fairId, communityId: c.id } }, organizer);
      expect(byFair.contracts).toEqual([{ id: contractId }]);
      expect(errorCode(await api.gql(`query($id: ID!) { contract(id: $id) { id } }`, { id: contractId }))).toBe('UNAUTHENTICATED');
    });
  });

  describe('signing', () => {
    it('becomes SIGNED when both parties have signed, and takes one capacity slot', async () => {
      const c = await community();
      const o = await organization();
      const { contractId } = await contracted(c, o);
      const bySide = (await api.ok(SIGN, { id: contractId }, o.token)).signContract;
      expect(bySide.status).toBe('PENDING_SIGNATURE');
      expect(bySide.organizationSignedAt).not.toBeNull();
      expect(bySide.communitySignedAt).toBeNull();
      expect(errorCode(await api.gql(SIGN, { id: contractId }, o.token))).toBe('CONFLICT');
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.activeProjects).toBe(0);
      expect((await api.ok(SIGN, { id: contractId }, c.token)).signContract.status).toBe('SIGNED');
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.activeProjects).toBe(1);
      expect(errorCode(await api.gql(SIGN, { id: contractId }, c.token))).toBe('CONFLICT');
    });

    it('counts the capacity slot once when both parties sign at the same moment', async () => {
      const c = await community();
      const o = await organization();
      const { contractId } = await contracted(c, o);
      const results = await Promise.all([api.gql(SIGN, { id: contractId }, c.token), api.gql(SIGN, { id: contractId }, o.token)]);
      expect(results.map(codeOrOk)).toEqual(['OK', 'OK']);
      expect((await api.ok(CONTRACT, { id: contractId }, c.token)).contract.status).toBe('SIGNED');
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.activeProjects).toBe(1);
    });

    it('lets no one but the two parties sign', async () => {
      const [c, stranger] = await Promise.all([community(), community()]);
      const [o, otherOrg] = await Promise.all([organization(), organization()]);
      const { contractId } = await contracted(c, o);
      for (const token of [stranger.token, otherOrg.token, organizer, await api.adminToken()]) {
        expect(errorCode(await api.gql(SIGN, { id: contractId }, token))).toBe('FORBIDDEN');
      }
      const { contract } = await api.ok(CONTRACT, { id: contractId }, c.token);
      expect(contract).toMatchObject({ communitySignedAt: null, organizationSignedAt: null });
    });
  });

  describe('payments, completion and evaluation', () => {
    it('pays milestones once each; the first payment makes a SIGNED contract ACTIVE', async () => {
      const [c, stranger] = await Promise.all([community(), community()]);
      const o = await organization();
      const { contractId } = await contracted(c, o);
      expect(errorCode(await api.gql(PAY, { id: contractId, seq: 1 }, c.token))).toBe('CONFLICT'); // not signed yet
      await signedByBoth(c, o, contractId);
      for (const token of [o.token, stranger.token, await api.adminToken()]) {
        expect(errorCode(await api.gql(PAY, { id: contractId, seq: 1 }, token))).toBe('FORBIDDEN');
      }
      expect(errorCode(await api.gql(PAY, { id: contractId, seq: 9 }, c.token))).toBe('NOT_FOUND');
      const paid = (await api.ok(PAY, { id: contractId, seq: 1 }, c.token)).markMilestonePaid;
      expect(paid.status).toBe('ACTIVE');
      expect(paid.milestones).toEqual([
        { seq: 1, paid: true },
        { seq: 2, paid: false },
        { seq: 3, paid: false },
      ]);
      expect(errorCode(await api.gql(PAY, { id: contractId, seq: 1 }, organizer))).toBe('CONFLICT');
      const both = await Promise.all([api.gql(PAY, { id: contractId, seq: 2 }, c.token), api.gql(PAY, { id: contractId, seq: 2 }, organizer)]);
      expect(both.map(codeOrOk).sort()).toEqual(['CONFLICT', 'OK']);
      const trail: Array<{ count: number }> = await db.query(
        `SELECT count(*)::int AS count FROM audit_log WHERE entity_type = 'MILESTONE' AND entity_id = $1`,
        [contractId],
      );
      expect(trail[0].count).toBe(2);
    });

    it('completes from SIGNED or ACTIVE only, by the community or an organizer, and frees the slot', async () => {
      const [c, stranger] = await Promise.all([community(), community()]);
      const o = await organization();
      const { contractId } = await contracted(c, o);
      expect(errorCode(await api.gql(COMPLETE, { id: contractId }, c.token))).toBe('CONFLICT'); // PENDING_SIGNATURE
      await signedByBoth(c, o, contractId);
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.activeProjects).toBe(1);
      for (const token of [o.token, stranger.token]) expect(errorCode(await api.gql(COMPLETE, { id: contractId }, token))).toBe('FORBIDDEN');
      expect((await api.ok(COMPLETE, { id: contractId }, organizer)).completeContract.status).toBe('COMPLETED');
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.activeProjects).toBe(0);
      expect(errorCode(await api.gql(COMPLETE, { id: contractId }, c.token))).toBe('CONFLICT');
      expect(errorCode(await api.gql(PAY, { id: contractId, seq: 3 }, c.token))).toBe('CONFLICT');
    });

    it('terminates a contract early, freeing a slot it held, by the community or an organizer only', async () => {
      const [c, stranger] = await Promise.all([community(), community()]);
      const o = await organization();
      const { contractId } = await contracted(c, o);
      await signedByBoth(c, o, contractId);
      const TERMINATE = `mutation($id: ID!, $reason: String!) { terminateContract(id: $id, reason: $reason) { status } }`;
      for (const token of [o.token, stranger.token])
        expect(errorCode(await api.gql(TERMINATE, { id: contractId, reason: '机构退出' }, token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(TERMINATE, { id: contractId, reason: '' }, organizer))).toBe('BAD_USER_INPUT');
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.activeProjects).toBe(1);
      expect((await api.ok(TERMINATE, { id: contractId, reason: '服务场地拆迁，项目无法继续' }, organizer)).terminateContract.status).toBe('TERMINATED');
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.activeProjects).toBe(0);
      expect(errorCode(await api.gql(TERMINATE, { id: contractId, reason: '再次终止' }, c.token))).toBe('CONFLICT');
    });

    it('takes one evaluation per completed contract, from its community only, and keeps the running mean', async () => {
      const c = await community();
      const o = await organization();
      const first = await contracted(c, o);
      const second = await contracted(c, o);
      const input = (contractId: string, score: number, comment?: string) => ({ input: { contractId, score, comment } });
      expect(errorCode(await api.gql(EVALUATE, input(first.contractId, 90), c.token))).toBe('CONFLICT'); // not completed
      for (const x of [first, second]) {
        await signedByBoth(c, o, x.contractId);
        await api.ok(COMPLETE, { id: x.contractId }, c.token);
      }
      for (const token of [o.token, organizer]) expect(errorCode(await api.gql(EVALUATE, input(first.contractId, 90), token))).toBe('FORBIDDEN');
      const stranger = await community();
      expect(errorCode(await api.gql(EVALUATE, input(first.contractId, 90), stranger.token))).toBe('FORBIDDEN');
      const tooHigh = await api.gql(EVALUATE, input(first.contractId, 101), c.token);
      expect(errorCode(tooHigh)).toBe('BAD_USER_INPUT');
      expect(tooHigh.errors![0].message).toContain('score');
      const tooLong = await api.gql(EVALUATE, input(first.contractId, 90, 'x'.repeat(2001)), c.token);
      expect(errorCode(tooLong)).toBe('BAD_USER_INPUT');
      expect(tooLong.errors![0].message).toContain('comment');

      // Two evaluations of one contract at once: one is taken, the other is a CONFLICT.
      const race = await Promise.all([
        api.gql(EVALUATE, input(first.contractId, 90, '服务细致'), c.token),
        api.gql(EVALUATE, input(first.contractId, 40), c.token),
      ]);
      expect(race.map(codeOrOk).sort()).toEqual(['CONFLICT', 'OK']);
      const taken = race.find((r) => !r.errors)!.data!.evaluateContract.score as number;
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.performanceScore).toBeCloseTo(taken, 10);

      await api.ok(EVALUATE, input(second.contractId, 70), c.token);
      expect((await api.ok(ORGANIZATION, { id: o.id })).organization.performanceScore).toBeCloseTo((taken + 70) / 2, 10);
      expect(errorCode(await api.gql(EVALUATE, input(second.contractId, 70), c.token))).toBe('CONFLICT');
      const { contract } = await api.ok(CONTRACT, { id: second.contractId }, c.token);
      expect(contract.evaluation).toEqual({ score: 70, comment: null });
    });
  });
});
