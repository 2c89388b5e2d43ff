import { ProposalAcceptanceService } from '@app/contracts';
import { INestApplicationContext } from '@nestjs/common';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { errorCode, GqlResult, TestApi } from './support/api';
import { ContractFixtures, eventually } from './support/contract-fixtures';

jest.setTimeout(90_000);

const ACCEPT = `mutation($id: ID!) { acceptProposal(id: $id) { id status } }`;
const DECLINE = `mutation($id: ID!) { declineProposal(id: $id) { id status } }`;
const SIGN = `mutation($id: ID!) { signContract(id: $id) { id status } }`;
const TERMINATE = `mutation($id: ID!, $reason: String!) { terminateContract(id: $id, reason: $reason) { id status } }`;
const FILE = `mutation($input: FileComplaintInput!) { fileComplaint(input: $input) { id status title body resolution createdAt resolvedAt need { id status } filedBy { id role } } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawComplaint(id: $id) { id status } }`;
const RESOLVE = `mutation($id: ID!, $upheld: Boolean!, $resolution: String!) { resolveComplaint(id: $id, upheld: $upheld, resolution: $resolution) { id status resolution resolvedAt } }`;
const LIST = `query($filter: ComplaintFilter, $first: Int, $after: ID) { complaints(filter: $filter, first: $first, after: $after) { id status title need { id } } }`;
const NEED = `query($id: ID!) { need(id: $id) { id status complaints { id status body } } }`;
const AUDIT = `query($t: String!, $id: ID!) { auditTrail(entityType: $t, entityId: $id) { fromStatus toStatus } }`;
const OPEN_SESSION = `mutation($input: OpenSessionInput!) { openSession(input: $input) { id needs { id } } }`;

type Party = { token: string; id: string; userId: string };
const reason = (r: GqlResult) => r.errors?.[0]?.extensions?.reason;
const field = (r: GqlResult) => r.errors?.[0]?.extensions?.field;
const body = '中标单位的服务方案与现场核实情况不符，请求复核评审结果。';

describe('complaints (e2e)', () => {
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
    return { token: c.token, id: c.communityId, userId: c.userId };
  };
  const organization = async (): Promise<Party> => {
    const o = await api.registerOrganization();
    return { token: o.token, id: o.organizationId, userId: o.userId };
  };
  const file = (party: Party | string, needId: string, o: { title?: string; body?: string } = {}) =>
    api.gql(FILE, { input: { needId, title: o.title ?? '对评审结果的质疑', body: o.body ?? body } }, typeof party === 'string' ? party : party.token);
  const needStatus = async (needId: string) => (await db.query('SELECT status FROM service_needs WHERE id = $1', [needId]))[0].status;
  const complaintRows = async (needId: string) => db.query('SELECT status, filed_by_user_id FROM complaints WHERE need_id = $1', [needId]);

  /** A MATCHED need of c, with o's bid and a PROPOSED proposal to o on it (rival: another bidder). */
  async function matched(c: Party, o: Party, rival?: Party) {
    const needId = await seed.need(c.id, { fairId });
    await db.query('INSERT INTO session_needs (session_id, need_id) VALUES ($1, $2)', [sessionId, needId]);
    const bidId = await seed.bid(needId, o.id, 4_500_000, sessionId);
    const rivalBidId = rival ? await seed.bid(needId, rival.id, 4_600_000, sessionId) : null;
    const proposalId = await seed.proposal(await seed.run(sessionId), needId, o.id, { bidId });
    return { needId, bidId, rivalBidId, proposalId };
  }

  /** As matched, then both sides accept and the worker writes the PENDING_SIGNATURE contract. */
  async function contracted(c: Party, o: Party, rival?: Party) {
    const m = await matched(c, o, rival);
    await api.ok(ACCEPT, { id: m.proposalId }, c.token);
    await api.ok(ACCEPT, { id: m.proposalId }, o.token);
    const contractId = await eventually(async () => (await seed.contractsOfNeed(m.needId))[0]?.id, 'the contract');
    return { ...m, contractId };
  }

  describe('who may file, and when', () => {
    it("lets the need's community, a bidder and a proposed organization file while the need is MATCHED; refuses others", async () => {
      const c = await community();
      const o = await organization();
      const rival = await organization();
      const stranger = await organization();
      const { needId } = await matched(c, o, rival);

      const byCommunity = await file(c, needId);
      expect(byCommunity.errors).toBeUndefined();
      expect(byCommunity.data!.fileComplaint).toMatchObject({ status: 'PENDING', resolution: null, resolvedAt: null, need: { id: needId, status: 'MATCHED' } });
      expect(byCommunity.data!.fileComplaint.filedBy).toEqual({ id: c.userId, role: 'COMMUNITY' });
      expect((await file(rival, needId)).errors).toBeUndefined(); // a losing bidder
      expect((await file(o, needId)).errors).toBeUndefined(); // the proposed organization

      const denied = await file(stranger, needId);
      expect(errorCode(denied)).toBe('FORBIDDEN');
      expect(reason(denied)).toBe('NOT_A_COMPLAINANT');
      const otherCommunity = await file(await community(), needId);
      expect(reason(otherCommunity)).toBe('NOT_A_COMPLAINANT');
      expect(errorCode(await file(organizer, needId))).toBe('FORBIDDEN'); // organizers resolve, they do not file
      expect(errorCode(await api.gql(FILE, { input: { needId, title: '匿名质疑', body } }))).toBe('UNAUTHENTICATED');
      expect(await complaintRows(needId)).toHaveLength(3);
      const trail = await api.ok(AUDIT, { t: 'COMPLAINT', id: byCommunity.data!.fileComplaint.id }, organizer);
      expect(trail.auditTrail).toEqual([{ fromStatus: null, toStatus: 'PENDING' }]);
    });

    it('refuses a need with no award to question (PUBLISHED, or a signed contract)', async () => {
      const c = await community();
      const o = await organization();
      const published = await seed.need(c.id, { fairId, status: 'PUBLISHED' });
      const r = await file(c, published);
      expect(errorCode(r)).toBe('CONFLICT');
      expect(reason(r)).toBe('AWARD_NOT_OPEN_TO_COMPLAINT');

      const { needId, contractId } = await contracted(c, o);
      await api.ok(SIGN, { id: contractId }, c.token);
      await api.ok(SIGN, { id: contractId }, o.token);
      const late = await file(o, needId);
      expect(reason(late)).toBe('AWARD_NOT_OPEN_TO_COMPLAINT');
      expect(late.errors![0].extensions!.contractStatus).toBe('SIGNED');
      expect(await complaintRows(needId)).toEqual([]);
    });

    it('refuses bad input naming the field, and stores nothing', async () => {
      const c = await community();
      const o = await organization();
      const { needId } = await matched(c, o);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ needId, title: '质', body }, 'title'],
        [{ needId, title: '   质   ', body }, 'title'],
        [{ needId, title: 'x'.repeat(121), body }, 'title'],
        [{ needId, title: '对评审结果的质疑', body: '太短' }, 'body'],
        [{ needId, title: '对评审结果的质疑', body: 'x'.repeat(4001) }, 'body'],
        [{ needId: 'not-an-id', title: '对评审结果的质疑', body }, 'needId'],
      ];
      for (const [input, name] of cases) {
        const r = await api.gql(FILE, { input }, c.token);
        expect(errorCode(r)).toBe('BAD_USER_INPUT');
        expect(field(r)).toBe(name);
      }
      expect(await complaintRows(needId)).toEqual([]);
    });

    it('keeps exactly one PENDING complaint per filer and need when one filer files many at once', async () => {
      const c = await community();
      const o = await organization();
      const { needId } = await matched(c, o);
      const results = await Promise.all(Array.from({ length: 10 }, () => file(o, needId)));
      const ok = results.filter((r) => !r.errors);
      expect(ok).toHaveLength(1);
      for (const r of results.filter((r) => r.errors)) {
        expect(errorCode(r)).toBe('CONFLICT');
        expect(reason(r)).toBe('COMPLAINT_ALREADY_PENDING');
      }
      expect(await complaintRows(needId)).toEqual([{ status: 'PENDING', filed_by_user_id: o.userId }]);
      // Once it is withdrawn, the filer may file again.
      await api.ok(WITHDRAW, { id: ok[0].data!.fileComplaint.id }, o.token);
      expect((await file(o, needId)).errors).toBeUndefined();
    });
  });

  describe('holding the award', () => {
    it('blocks signing while PENDING; dismissed, signing proceeds', async () => {
      const c = await community();
      const o = await organization();
      const { needId, contractId } = await contracted(c, o);
      const complaint = (await api.ok(FILE, { input: { needId, title: '对评审结果的质疑', body } }, c.token)).fileComplaint;

      const blocked = await api.gql(SIGN, { id: contractId }, o.token);
      expect(errorCode(blocked)).toBe('CONFLICT');
      expect(reason(blocked)).toBe('COMPLAINT_PENDING');
      expect((await db.query('SELECT organization_signed_at FROM contracts WHERE id = $1', [contractId]))[0].organization_signed_at).toBeNull();

      const notOrganizer = await api.gql(RESOLVE, { id: complaint.id, upheld: false, resolution: '经复核，评审结果无误。' }, c.token);
      expect(errorCode(notOrganizer)).toBe('FORBIDDEN');
      const blank = await api.gql(RESOLVE, { id: complaint.id, upheld: false, resolution: '   ' }, organizer);
      expect(errorCode(blank)).toBe('BAD_USER_INPUT');
      expect(field(blank)).toBe('resolution');
      expect((await complaintRows(needId))[0].status).toBe('PENDING');

      const dismissed = await api.ok(RESOLVE, { id: complaint.id, upheld: false, resolution: '经复核，评审结果无误。' }, organizer);
      expect(dismissed.resolveComplaint).toMatchObject({ status: 'DISMISSED', resolution: '经复核，评审结果无误。' });
      expect(dismissed.resolveComplaint.resolvedAt).not.toBeNull();
      const again = await api.gql(RESOLVE, { id: complaint.id, upheld: true, resolution: '改判' }, organizer);
      expect(reason(again)).toBe('COMPLAINT_NOT_PENDING');

      await api.ok(SIGN, { id: contractId }, c.token);
      expect((await api.ok(SIGN, { id: contractId }, o.token)).signContract.status).toBe('SIGNED');
      const trail = await api.ok(AUDIT, { t: 'COMPLAINT', id: complaint.id }, organizer);
      expect(trail.auditTrail.map((e: { toStatus: string }) => e.toStatus)).toEqual(['PENDING', 'DISMISSED']);
    });

    it('never lets a complaint and the last signature both win when they arrive together', async () => {
      for (let i = 0; i < 4; i++) {
        const c = await community();
        const o = await organization();
        const { needId, contractId } = await contracted(c, o);
        await api.ok(SIGN, { id: contractId }, c.token);
        const [signed, filed] = await Promise.all([api.gql(SIGN, { id: contractId }, o.token), file(c, needId)]);
        const status = (await db.query('SELECT status FROM contracts WHERE id = $1', [contractId]))[0].status;
        const pending = (await complaintRows(needId)).filter((r: { status: string }) => r.status === 'PENDING');
        if (!signed.errors) {
          expect(status).toBe('SIGNED');
          expect(reason(filed)).toBe('AWARD_NOT_OPEN_TO_COMPLAINT');
          expect(pending).toEqual([]);
        } else {
          expect(reason(signed)).toBe('COMPLAINT_PENDING');
          expect(filed.errors).toBeUndefined();
          expect(status).toBe('PENDING_SIGNATURE');
          expect(pending).toHaveLength(1);
        }
      }
    });

    it('holds the contract job while PENDING: no contract is written until the complaint is withdrawn', async () => {
      const c = await community();
      const o = await organization();
      const { needId, proposalId } = await matched(c, o);
      const complaint = (await api.ok(FILE, { input: { needId, title: '对评审结果的质疑', body } }, c.token)).fileComplaint;
      await api.ok(ACCEPT, { id: proposalId }, c.token);
      await api.ok(ACCEPT, { id: proposalId }, o.token);
      await new Promise((r) => setTimeout(r, 2500));
      expect(await seed.contractsOfNeed(needId)).toEqual([]);
      expect((await seed.proposalRow(proposalId)).status).toBe('ACCEPTED');
      // The recovery sweep leaves a held proposal alone: the complaint's end resumes it.
      const swept = await worker.get(ProposalAcceptanceService).recoverContracts(0);
      expect(swept.map((r) => r.proposalId)).not.toContain(proposalId);

      const other = await organization();
      expect(errorCode(await api.gql(WITHDRAW, { id: complaint.id }, other.token))).toBe('NOT_FOUND');
      expect(errorCode(await api.gql(WITHDRAW, { id: complaint.id }, organizer))).toBe('FORBIDDEN');
      expect((await api.ok(WITHDRAW, { id: complaint.id }, c.token)).withdrawComplaint.status).toBe('WITHDRAWN');
      expect(reason(await api.gql(WITHDRAW, { id: complaint.id }, c.token))).toBe('COMPLAINT_NOT_PENDING');
      const contract = await eventually(async () => (await seed.contractsOfNeed(needId))[0], 'the held contract');
      expect(contract.status).toBe('PENDING_SIGNATURE');
    });

    it('upheld: in one step the unsigned contract is TERMINATED, proposals EXPIRED, bids released and the need PUBLISHED for a new session', async () => {
      const c = await community();
      const o = await organization();
      const rival = await organization();
      const { needId, contractId, proposalId, bidId, rivalBidId } = await contracted(c, o, rival);
      expect((await db.query('SELECT status FROM bids WHERE id = $1', [bidId]))[0].status).toBe('AWARDED');
      await api.ok(SIGN, { id: contractId }, c.token); // one side signed: still not in force
      const byRival = (await api.ok(FILE, { input: { needId, title: '对中标结果的质疑', body } }, rival.token)).fileComplaint;
      const byCommunity = (await api.ok(FILE, { input: { needId, title: '对服务方案的质疑', body } }, c.token)).fileComplaint;

      const upheld = await api.ok(RESOLVE, { id: byRival.id, upheld: true, resolution: '经复核，中标单位资质材料不实，撤销中标结果。' }, organizer);
      expect(upheld.resolveComplaint.status).toBe('UPHELD');

      const [contract] = await seed.contractsOfNeed(needId);
      expect(contract.status).toBe('TERMINATED');
      expect((await seed.proposalRow(proposalId)).status).toBe('EXPIRED');
      const bids = await db.query('SELECT id, status FROM bids WHERE need_id = $1', [needId]);
      expect(Object.fromEntries(bids.map((b: { id: string; status: string }) => [b.id, b.status]))).toEqual({ [bidId]: 'REJECTED', [rivalBidId!]: 'REJECTED' });
      expect(await needStatus(needId)).toBe('PUBLISHED');
      // The community's complaint questioned the same award: upheld with it, no longer holding anything.
      expect((await complaintRows(needId)).map((r: { status: string }) => r.status).sort()).toEqual(['UPHELD', 'UPHELD']);
      const contractTrail = await api.ok(AUDIT, { t: 'CONTRACT', id: contractId }, organizer);
      expect(contractTrail.auditTrail.at(-1)).toEqual({ fromStatus: 'PENDING_SIGNATURE', toStatus: 'TERMINATED' });
      const needTrail = await api.ok(AUDIT, { t: 'NEED', id: needId }, organizer);
      expect(needTrail.auditTrail.at(-1)).toEqual({ fromStatus: 'CONTRACTED', toStatus: 'PUBLISHED' });

      // Open data says that the complaints were resolved, and how, never what they said or who filed them.
      const pkg = (await api.ok(`query($f: ID!) { ocdsReleasePackage(fairId: $f) }`, { f: fairId })).ocdsReleasePackage;
      const release = pkg.releases.find((r: { tender: { id: string } }) => r.tender.id === needId);
      expect(release.complaints.map((x: { id: string; status: string }) => [x.id, x.status]).sort()).toEqual(
        [
          [byRival.id, 'upheld'],
          [byCommunity.id, 'upheld'],
        ].sort(),
      );
      expect(JSON.stringify(release)).not.toContain(body);
      expect(JSON.stringify(release)).not.toContain('撤销中标结果');

      // Back on the market: a new session of the fair takes it, and the organization may bid again.
      const deadline = new Date(Date.now() + 3_600_000).toISOString();
      const session = await api.ok(
        OPEN_SESSION,
        { input: { fairId, title: '复议项目专场', zone: 'DISTRICT_PROJECTS', bidDeadline: deadline, needIds: [needId] } },
        organizer,
      );
      expect(session.openSession.needs.map((n: { id: string }) => n.id)).toEqual([needId]);
    });
  });

  describe('visibility', () => {
    it('organizers see all; the filer its own; the community those on its needs; others nothing', async () => {
      const c = await community();
      const o = await organization();
      const rival = await organization();
      const stranger = await organization();
      const { needId } = await matched(c, o, rival);
      const mine = (await api.ok(FILE, { input: { needId, title: '对评审结果的质疑', body } }, rival.token)).fileComplaint;
      const ids = (r: { complaints: Array<{ id: string }> }) => r.complaints.map((x) => x.id);

      expect(ids(await api.ok(LIST, { filter: { needId } }, organizer))).toEqual([mine.id]);
      expect(ids(await api.ok(LIST, { filter: { fairId } }, organizer))).toContain(mine.id);
      expect(ids(await api.ok(LIST, { filter: { needId } }, rival.token))).toEqual([mine.id]);
      expect(ids(await api.ok(LIST, { filter: { needId } }, c.token))).toEqual([mine.id]);
      expect(ids(await api.ok(LIST, { filter: { needId } }, o.token))).toEqual([]);
      expect(ids(await api.ok(LIST, { filter: { needId } }, stranger.token))).toEqual([]);
      expect((await api.ok(NEED, { id: needId }, stranger.token)).need.complaints).toEqual([]);
      expect((await api.ok(NEED, { id: needId })).need.complaints).toEqual([]);
      expect((await api.ok(NEED, { id: needId }, c.token)).need.complaints).toEqual([{ id: mine.id, status: 'PENDING', body }]);
      expect(ids(await api.ok(LIST, { filter: { needId, statuses: ['UPHELD'] } }, organizer))).toEqual([]);
    });

    it("announces each status change on the session's live channel only to those who may read the complaint", async () => {
      const c = await community();
      const o = await organization();
      const rival = await organization();
      const stranger = await organization();
      const { needId } = await matched(c, o, rival);
      type Got = { type: string; complaint: { id: string; status: string; body: string } | null };
      const clients: Array<ReturnType<typeof createClient>> = [];
      const listen = (token: string) => {
        const got: Got[] = [];
        const client = createClient({
          url: api.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: false,
          connectionParams: { authorization: `Bearer ${token}` },
        });
        clients.push(client);
        client.subscribe(
          { query: `subscription($id: ID!) { sessionEvents(sessionId: $id) { type complaint { id status body } } }`, variables: { id: sessionId } },
          { next: (r) => got.push((r.data as { sessionEvents: Got }).sessionEvents), error: () => undefined, complete: () => undefined },
        );
        return got;
      };
      const [byOrganizer, byCommunity, byFiler, byStranger] = [listen(organizer), listen(c.token), listen(rival.token), listen(stranger.token)];
      await new Promise((r) => setTimeout(r, 800));
      const complaint = (await api.ok(FILE, { input: { needId, title: '对评审结果的质疑', body } }, rival.token)).fileComplaint;
      await api.ok(WITHDRAW, { id: complaint.id }, rival.token);
      const mine = (got: Got[]) => got.filter((e) => e.type.startsWith('COMPLAINT_') && e.complaint?.id === complaint.id).map((e) => e.type);
      for (const got of [byOrganizer, byCommunity, byFiler]) {
        await eventually(async () => (mine(got).length === 2 ? true : undefined), 'both complaint events');
        expect(mine(got)).toEqual(['COMPLAINT_FILED', 'COMPLAINT_WITHDRAWN']);
      }
      await new Promise((r) => setTimeout(r, 500));
      expect(byStranger.filter((e) => e.type.startsWith('COMPLAINT_'))).toEqual([]);
      expect(JSON.stringify(byStranger)).not.toContain(body);
      await Promise.all(clients.map((client) => client.dispose()));
    });

    it('pages the list with first/after, capped', async () => {
      const c = await community();
      const orgs = await Promise.all([organization(), organization(), organization()]);
      const needId = await seed.need(c.id, { fairId });
      for (const o of orgs) await seed.bid(needId, o.id, 4_000_000, sessionId);
      for (const o of orgs) await api.ok(FILE, { input: { needId, title: '对评审结果的质疑', body } }, o.token);
      const first = await api.ok(LIST, { filter: { needId }, first: 2 }, organizer);
      expect(first.complaints).toHaveLength(2);
      const rest = await api.ok(LIST, { filter: { needId }, first: 2, after: first.complaints[1].id }, organizer);
      expect(rest.complaints).toHaveLength(1);
      const tooMany = await api.gql(LIST, { filter: { needId }, first: 10_000 }, organizer);
      expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
      expect(field(tooMany)).toBe('first');
    });
  });

  describe('a need back on the market', () => {
    it('a terminated contract puts its need back to PUBLISHED, and it can be contracted again', async () => {
      const c = await community();
      const o = await organization();
      const { needId, contractId } = await contracted(c, o);
      await api.ok(TERMINATE, { id: contractId, reason: '服务机构无法按期进场' }, c.token);
      expect(await needStatus(needId)).toBe('PUBLISHED');
      const other = await organization();
      const proposalId = await seed.proposal(await seed.run(sessionId), needId, other.id);
      await api.ok(ACCEPT, { id: proposalId }, c.token);
      await api.ok(ACCEPT, { id: proposalId }, other.token);
      const contracts = await eventually(async () => {
        const rows = await seed.contractsOfNeed(needId);
        return rows.length === 2 ? rows : undefined;
      }, 'the second contract');
      expect(contracts.map((r) => r.status).sort()).toEqual(['PENDING_SIGNATURE', 'TERMINATED']);
    });

    it('a MATCHED need whose proposals all closed goes back to PUBLISHED and into a new session', async () => {
      const c = await community();
      const o = await organization();
      const { needId, proposalId } = await matched(c, o);
      await api.ok(DECLINE, { id: proposalId }, c.token);
      expect(await needStatus(needId)).toBe('PUBLISHED');
      const deadline = new Date(Date.now() + 3_600_000).toISOString();
      const session = await api.ok(
        OPEN_SESSION,
        { input: { fairId, title: '补充项目专场', zone: 'DISTRICT_PROJECTS', bidDeadline: deadline, needIds: [needId] } },
        organizer,
      );
      expect(session.openSession.needs).toEqual([{ id: needId }]);
    });
  });
});
