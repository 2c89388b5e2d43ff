import { INestApplicationContext } from '@nestjs/common';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { errorCode, TestApi } from './support/api';
import { ContractFixtures, eventually } from './support/contract-fixtures';

const schemaDir = join(__dirname, '..', 'fixtures', 'ocds');
const readSchema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), 'utf8'));
// OCDS annotates its JSON Schema with its own keywords (code lists, merge rules); they carry no validation.
const OCDS_KEYWORDS = ['codelist', 'openCodelist', 'deprecated', 'wholeListMerge', 'omitWhenMerged', 'versionId'];

/** The OCDS 1.1.5 release package schema, with the release schema registered under its id URL: nothing is fetched. */
function releasePackageValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addVocabulary(OCDS_KEYWORDS);
  const release = readSchema('release-schema.json');
  ajv.addSchema(release, release.id);
  return ajv.compile(readSchema('release-package-schema.json'));
}

// Booting the api and a worker and waiting for the worker's jobs takes longer than jest's 5 s default.
jest.setTimeout(60_000);

const PACKAGE = `query($fairId: ID!) { ocdsReleasePackage(fairId: $fairId) }`;

describe('OCDS release package (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let seed: ContractFixtures;
  const validate = releasePackageValidator();

  beforeAll(async () => {
    api = await TestApi.start();
    worker = await createWorkerApp();
    db = api.app.get(DataSource);
    seed = new ContractFixtures(db);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.stop();
  });

  const offering = {
    domain: 'ELDERLY_CARE',
    title: '居家养老上门服务',
    description: '助餐、助洁、探访',
    priceMin: '20000.00',
    priceMax: '60000.00',
    annualBeneficiaries: 500,
  };
  const needInput = (fairId: string, title: string, budget: string) => ({
    title,
    description: '为辖区高龄独居老人提供助餐、探访与应急服务',
    domain: 'ELDERLY_CARE',
    beneficiaries: 150,
    budget,
    fundingSource: 'WELFARE_LOTTERY',
    startsOn: '2027-01-01',
    endsOn: '2027-12-31',
    fairId,
  });

  /**
   * A fair played over the API up to a contract with a paid milestone: a session over two
   * needs, bids from two organizations, the matching's proposals, mutual acceptance, both
   * signatures, the first payment; plus a need that was withdrawn.
   */
  async function playFair() {
    const organizer = await api.organizerToken();
    const fairId = (
      await api.ok(
        `mutation($input: CreateFairInput!) { createFair(input: $input) { id } }`,
        { input: { name: '第五届南京市社区暨社会公益服务项目洽谈会', city: '南京', startsOn: '2026-12-05', endsOn: '2026-12-06' } },
        organizer,
      )
    ).createFair.id;
    const c = await api.registerCommunity();
    const [o1, o2] = await Promise.all([api.registerOrganization(), api.registerOrganization()]);
    for (const o of [o1, o2]) await api.ok(`mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`, { input: offering }, o.token);
    const post = async (title: string, budget: string) =>
      (await api.ok(`mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`, { input: needInput(fairId, title, budget) }, c.token)).postNeed
        .id as string;
    const contractedNeed = await post('锁金村高龄老人助餐服务', '48000.00');
    const openNeed = await post('锁金村困境儿童课后托管', '30000.00');
    const withdrawnNeed = await post('锁金村社区志愿者培训', '12000.00');
    await api.ok(`mutation($id: ID!) { withdrawNeed(id: $id) { id } }`, { id: withdrawnNeed }, c.token);

    const sessionId = (
      await api.ok(
        `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`,
        {
          input: {
            fairId,
            title: '玄武区项目洽谈专场',
            zone: 'DISTRICT_PROJECTS',
            bidDeadline: new Date(Date.now() + 3600_000).toISOString(),
            needIds: [contractedNeed, openNeed],
          },
        },
        organizer,
      )
    ).openSession.id as string;
    const bid = async (token: string, needId: string, price: string) =>
      (
        await api.ok(
          `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`,
          { input: { needId, sessionId, price, plan: '每周三次上门，持证社工带队' } },
          token,
        )
      ).submitBid.id as string;
    const winningBid = await bid(o1.token, contractedNeed, '45000.00');
    const losingBid = await bid(o2.token, contractedNeed, '46000.00');
    const openBid = await bid(o2.token, openNeed, '28000.00');
    await api.ok(`mutation($id: ID!) { closeBidding(sessionId: $id) { id } }`, { id: sessionId }, organizer);

    // The matching's proposals, written as the worker writes them.
    const runId = await seed.run(sessionId);
    const winner = await seed.proposal(runId, contractedNeed, o1.organizationId, { bidId: winningBid, rank: 1 });
    await seed.proposal(runId, contractedNeed, o2.organizationId, { bidId: losingBid, rank: 2 });
    await seed.proposal(runId, openNeed, o2.organizationId, { bidId: openBid, rank: 1 });

    await api.ok(`mutation($id: ID!) { acceptProposal(id: $id) { id } }`, { id: winner }, c.token);
    await api.ok(`mutation($id: ID!) { acceptProposal(id: $id) { id } }`, { id: winner }, o1.token);
    const contractId = await eventually(async () => (await seed.contractsOfNeed(contractedNeed))[0]?.id, 'the contract');
    await api.ok(`mutation($id: ID!) { signContract(id: $id) { id } }`, { id: contractId }, c.token);
    await api.ok(`mutation($id: ID!) { signContract(id: $id) { id } }`, { id: contractId }, o1.token);
    await api.ok(`mutation($id: ID!) { markMilestonePaid(contractId: $id, seq: 1) { status } }`, { id: contractId }, c.token);
    return { fairId, c, o1, o2, contractedNeed, openNeed, withdrawnNeed, winner, contractId };
  }

  it('publishes a played fair as a release package valid against the OCDS 1.1.5 schema', async () => {
    const fair = await playFair();
    const result = await api.gql(PACKAGE, { fairId: fair.fairId }); // anonymous: it is open data
    expect(result.errors).toBeUndefined();
    const pkg = result.data!.ocdsReleasePackage;
    const valid = validate(pkg);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(pkg.version).toBe('1.1');

    const byOcid = new Map<string, any>(pkg.releases.map((r: any) => [r.ocid, r]));
    // A withdrawn need was taken back: like a draft it is never public (NeedPolicy), so open data never publishes it.
    expect([...byOcid.keys()].sort()).toEqual([fair.contractedNeed, fair.openNeed].map((id) => `ocds-njsqh-${id}`).sort());

    const contracted = byOcid.get(`ocds-njsqh-${fair.contractedNeed}`);
    expect(contracted.tag).toEqual(['tender', 'award', 'contract', 'implementation']);
    expect(contracted.tender).toMatchObject({
      status: 'complete',
      value: { amount: 48000, currency: 'CNY' },
      numberOfTenderers: 2,
      procuringEntity: { id: fair.c.communityId },
    });
    expect(contracted.buyer.id).toBe(fair.c.communityId);
    expect(contracted.awards).toEqual([
      expect.objectContaining({
        id: fair.winner,
        status: 'active',
        value: { amount: 45000, currency: 'CNY' },
        suppliers: [expect.objectContaining({ id: fair.o1.organizationId })],
      }),
    ]);
    const roles = Object.fromEntries(contracted.parties.map((p: any) => [p.id, p.roles]));
    expect(roles[fair.c.communityId]).toEqual(['buyer', 'procuringEntity', 'payer']);
    expect(roles[fair.o1.organizationId]).toEqual(['tenderer', 'supplier', 'payee']);
    expect(roles[fair.o2.organizationId]).toEqual(['tenderer']);

    const [contract] = contracted.contracts;
    expect(contract).toMatchObject({ id: fair.contractId, awardID: fair.winner, status: 'active', value: { amount: 45000, currency: 'CNY' } });
    expect(contract.dateSigned).toEqual(expect.any(String));
    expect(contract.milestones.map((m: any) => [m.type, m.status])).toEqual([
      ['payment', 'met'],
      ['payment', 'scheduled'],
      ['payment', 'scheduled'],
    ]);
    // The met payment milestone has its transaction, for the milestone's amount (30% of 45000).
    expect(contract.implementation.transactions).toEqual([
      expect.objectContaining({
        id: contract.milestones[0].id,
        value: { amount: 13500, currency: 'CNY' },
        payer: expect.objectContaining({ id: fair.c.communityId }),
        payee: expect.objectContaining({ id: fair.o1.organizationId }),
      }),
    ]);

    const open = byOcid.get(`ocds-njsqh-${fair.openNeed}`);
    expect(open.tag).toEqual(['tender']);
    expect(open.tender.status).toBe('active');
    expect(open.tender.tenderPeriod.endDate).toEqual(expect.any(String));
    expect(open.awards).toEqual([]);
    expect(byOcid.has(`ocds-njsqh-${fair.withdrawnNeed}`)).toBe(false);
  });

  it('publishes no tenderer, price, count or date of bids before the deadline, and who bid once it has passed by the database clock', async () => {
    const organizer = await api.organizerToken();
    const fairId = (
      await api.ok(
        `mutation($input: CreateFairInput!) { createFair(input: $input) { id } }`,
        { input: { name: '第六届南京市社区暨社会公益服务项目洽谈会', city: '南京', startsOn: '2027-12-05', endsOn: '2027-12-06' } },
        organizer,
      )
    ).createFair.id;
    const c = await api.registerCommunity();
    const [o1, o2] = await Promise.all([api.registerOrganization(), api.registerOrganization()]);
    for (const o of [o1, o2]) await api.ok(`mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`, { input: offering }, o.token);
    const post = async (title: string, budget: string, draft = false) =>
      (await api.ok(`mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`, { input: { ...needInput(fairId, title, budget), draft } }, c.token))
        .postNeed.id as string;
    const contested = await post('玉带垸社区高龄老人助餐', '48000.00');
    const single = await post('玉带垸社区困境儿童托管', '30000.00');
    const draft = await post('玉带垸社区志愿者培训（草稿）', '12000.00', true);
    const withdrawn = await post('玉带垸社区健康讲座', '9000.00');
    await api.ok(`mutation($id: ID!) { withdrawNeed(id: $id) { id } }`, { id: withdrawn }, c.token);
    const sessionId = (
      await api.ok(
        `mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`,
        {
          input: {
            fairId,
            title: '玄武区项目洽谈专场',
            zone: 'DISTRICT_PROJECTS',
            bidDeadline: new Date(Date.now() + 3600_000).toISOString(),
            needIds: [contested, single],
          },
        },
        organizer,
      )
    ).openSession.id as string;
    const packageNow = async () => {
      const pkg = (await api.ok(PACKAGE, { fairId })).ocdsReleasePackage; // anonymous
      expect(validate(pkg)).toBe(true);
      expect(validate.errors ?? []).toEqual([]);
      return pkg;
    };
    const beforeBids = await packageNow();

    const bid = async (token: string, needId: string, price: string) =>
      (
        await api.ok(
          `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id } }`,
          { input: { needId, sessionId, price, plan: '每周三次上门，持证社工带队' } },
          token,
        )
      ).submitBid.id as string;
    const bidIds = [await bid(o1.token, contested, '45678.00'), await bid(o2.token, contested, '44321.00'), await bid(o2.token, single, '29876.00')];
    const orgs = await Promise.all(
      [o1, o2].map(async (o) => (await api.ok(`query($id: ID!) { organization(id: $id) { id name creditCode } }`, { id: o.organizationId })).organization),
    );

    // Before the deadline the bids leave no trace at all: the package is what it was before them.
    const duringBidding = await packageNow();
    expect(duringBidding).toEqual(beforeBids);
    const text = JSON.stringify(duringBidding);
    for (const secret of [...orgs.flatMap((o) => [o.id, o.name, o.creditCode]), ...bidIds, '45678', '44321', '29876']) expect(text).not.toContain(secret);
    expect([...duringBidding.releases.map((r: any) => r.ocid)].sort()).toEqual([contested, single].map((id) => `ocds-njsqh-${id}`).sort());
    for (const release of duringBidding.releases) {
      expect(release.tag).toEqual(['tender']);
      expect(release.tender).not.toHaveProperty('tenderers');
      expect(release.tender).not.toHaveProperty('numberOfTenderers');
      expect(release).not.toHaveProperty('bids');
      expect(release.awards).toEqual([]);
      expect(release.parties.map((p: any) => p.roles)).toEqual([['buyer', 'procuringEntity']]);
    }
    expect(text).not.toContain(draft);
    expect(text).not.toContain(withdrawn);

    // The deadline passes by the database clock (the session may still say OPEN): who bid is public.
    await db.query(`UPDATE match_sessions SET bid_deadline = now() - interval '1 second' WHERE id = $1`, [sessionId]);
    const afterDeadline = await packageNow();
    const byOcid = new Map<string, any>(afterDeadline.releases.map((r: any) => [r.ocid, r]));
    const contestedRelease = byOcid.get(`ocds-njsqh-${contested}`);
    expect(contestedRelease.tender.numberOfTenderers).toBe(2);
    expect(contestedRelease.tender.tenderers.map((t: any) => t.id).sort()).toEqual([o1.organizationId, o2.organizationId].sort());
    const roles = Object.fromEntries(contestedRelease.parties.map((p: any) => [p.id, p.roles]));
    expect(roles[o1.organizationId]).toEqual(['tenderer']);
    expect(roles[o2.organizationId]).toEqual(['tenderer']);
    expect(byOcid.get(`ocds-njsqh-${single}`).tender).toMatchObject({ numberOfTenderers: 1, tenderers: [{ id: o2.organizationId, name: orgs[1].name }] });
    expect(byOcid.has(`ocds-njsqh-${draft}`)).toBe(false);
    expect(byOcid.has(`ocds-njsqh-${withdrawn}`)).toBe(false);
  });

  it('would notice a package that breaks the schema', async () => {
    const fair = await playFair();
    const pkg = (await api.ok(PACKAGE, { fairId: fair.fairId })).ocdsReleasePackage;
    const broken = JSON.parse(JSON.stringify(pkg));
    broken.releases[0].tender.status = 'open'; // not in the tenderStatus code list
    expect(validate(broken)).toBe(false);
  });

  it('answers NOT_FOUND for an unknown fair and BAD_USER_INPUT for a malformed id', async () => {
    expect(errorCode(await api.gql(PACKAGE, { fairId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(errorCode(await api.gql(PACKAGE, { fairId: 'fair-1' }))).toBe('BAD_USER_INPUT');
  });
});
