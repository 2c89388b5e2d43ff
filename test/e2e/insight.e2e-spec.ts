import { DEFAULT_WEIGHTS, RELATED_DOMAINS } from '@app/matching';
import { NANJING_DISTRICTS } from '@app/reference-data';
import { INestApplicationContext } from '@nestjs/common';
import { Workbook } from 'exceljs';
import { DataSource } from 'typeorm';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { errorCode, TestApi } from './support/api';
import { eventually } from './support/eventually';
import { MatchingFixture, seedClosedSession, waitForRun } from './support/matching-fixture';

const SHARE = 'key assigned eligibleSupply share supplyShare';
const REPORT = `query($r: ID!) { fairnessReport(runId: $r) { run { id status } needs assigned coverage newcomerShare newcomerSupplyShare unratedShare top10Share hhi byForm { ${SHARE} } byGrade { ${SHARE} } byDistrict { ${SHARE} } } }`;
const GAP_MAP = `query($f: ID!) { gapMap(fairId: $f) { fair { id } cells { domain district needs unassigned withoutCandidate budget organizations freeCapacity } } }`;
const WHAT_IF = `mutation($s: ID!, $w: [MatchWeightsInput!]!) { whatIf(sessionId: $s, weightSets: $w) { weights assigned totalScore coverage newcomerShare top10Share changedVsFirst } }`;
/** Elder care and the domains close enough to it (RELATED_DOMAIN_PAIRS), written out here. */
const ELDER_CARE_AND_RELATED = ['ELDERLY_CARE', 'HOSPICE_CARE', 'COMMUNITY_REHABILITATION'];
const RUN = `mutation($s: ID!, $w: MatchWeightsInput, $k: Int) { runMatching(sessionId: $s, weights: $w, topK: $k) { id } }`;

/** The figures a spreadsheet reader would compute from the rows, written here without the engine's code. */
function shares(assigned: Map<string, number>, supply: Map<string, number>) {
  const totalAssigned = [...assigned.values()].reduce((a, b) => a + b, 0);
  const totalSupply = [...supply.values()].reduce((a, b) => a + b, 0);
  const keys = [...new Set([...assigned.keys(), ...supply.keys()])].sort();
  return keys.map((key) => ({
    key,
    assigned: assigned.get(key) ?? 0,
    eligibleSupply: supply.get(key) ?? 0,
    share: totalAssigned ? (assigned.get(key) ?? 0) / totalAssigned : 0,
    supplyShare: totalSupply ? (supply.get(key) ?? 0) / totalSupply : 0,
  }));
}
const bump = (m: Map<string, number>, k: string, n = 1) => m.set(k, (m.get(k) ?? 0) + n);

function expectClose(actual: Record<string, any>, expected: Record<string, any>) {
  for (const [k, v] of Object.entries(expected)) {
    if (typeof v === 'number') expect([k, actual[k]]).toEqual([k, expect.closeTo(v, 10)]);
    else if (Array.isArray(v)) {
      expect(actual[k]).toHaveLength(v.length);
      v.forEach((row, i) => expectClose(actual[k][i], row));
    } else expect([k, actual[k]]).toEqual([k, v]);
  }
}

describe('insight: fairness report, gap map, what-if, exports (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let db: DataSource;
  let fx: MatchingFixture;
  let runId: string;
  let admin: string;
  let base: string;
  let strayNeed: string;
  const runWeights = { domain: 2, distance: 1, price: 0.5 };

  beforeAll(async () => {
    api = await TestApi.start();
    base = api.url.replace(/\/graphql$/, '');
    worker = await createWorkerApp();
    db = api.app.get(DataSource);
    admin = await api.adminToken();
    fx = await seedClosedSession(api, 10);
    // A mixed supply: forms and a track record differ, so every split has more than one group.
    const [o0, o1, , o3] = fx.organizations.map((o) => o.organizationId);
    await db.query(`UPDATE organizations SET form = 'FOUNDATION' WHERE id = $1`, [o1]);
    await db.query(`UPDATE organizations SET form = 'FILED_COMMUNITY_ORG' WHERE id = $1`, [o3]);
    await db.query(`UPDATE organizations SET performance_score = 86 WHERE id = ANY($1::uuid[])`, [[o0, o3]]);
    // An organization in the city itself: it reaches 玄武区 but none of the fixture's needs.
    const city = await api.registerOrganization({ serviceRadiusKm: 15, maxConcurrentProjects: 4 });
    await api.ok(
      `mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`,
      {
        input: { domain: 'HOSPICE_CARE', title: '安宁疗护', description: '居家安宁疗护', priceMin: '30000.00', priceMax: '60000.00', annualBeneficiaries: 80 },
      },
      city.token,
    );
    // A need of the fair no session took, in a domain nobody offers: demand without supply.
    const community = fx.communities[0].token;
    strayNeed = (
      await api.ok(
        `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
        {
          input: {
            title: '青少年禁毒宣传教育',
            description: '面向社区青少年的禁毒宣传',
            domain: 'DRUG_PREVENTION',
            beneficiaries: 300,
            budget: '35000.50',
            fundingSource: 'STREET',
            startsOn: '2027-04-01',
            endsOn: '2027-12-31',
            fairId: fx.fairId,
          },
        },
        community,
      )
    ).postNeed.id;
    // topK 100 keeps every eligible pair as a proposal: the test recomputes the supply from them.
    const { runMatching } = await api.ok(RUN, { s: fx.sessionId, w: runWeights, k: 100 }, fx.organizer);
    runId = runMatching.id;
    const run = await waitForRun(api, fx.organizer, runId);
    expect(run.status).toBe('SUCCEEDED');
  }, 180_000);
  afterAll(async () => {
    await worker?.close();
    await api?.stop();
  });

  describe('fairnessReport', () => {
    let expected: Record<string, any>;

    beforeAll(async () => {
      const proposals: Array<{ need_id: string; organization_id: string; assigned: boolean }> = await db.query(
        'SELECT need_id, organization_id, assigned FROM match_proposals WHERE run_id = $1',
        [runId],
      );
      const orgs: Array<{ id: string; form: string; grade: string; performance_score: number | null }> = await db.query(
        'SELECT id, form, grade, performance_score FROM organizations WHERE id = ANY($1::uuid[])',
        [[...new Set(proposals.map((p) => p.organization_id))]],
      );
      const needs: Array<{ id: string; district: string }> = await db.query('SELECT id, district FROM service_needs WHERE id = ANY($1::uuid[])', [fx.needIds]);
      const org = new Map(orgs.map((o) => [o.id, o]));
      const district = new Map(needs.map((n) => [n.id, n.district]));
      const won = proposals.filter((p) => p.assigned);
      const wins = new Map<string, number>();
      for (const p of won) bump(wins, p.organization_id);
      const counts = [...wins.values()].sort((a, b) => b - a);
      const total = won.length;
      const pairsOf = (keep: (o: (typeof orgs)[number]) => boolean) => proposals.filter((p) => keep(org.get(p.organization_id)!)).length;
      const winsOf = (keep: (o: (typeof orgs)[number]) => boolean) => won.filter((p) => keep(org.get(p.organization_id)!)).length;
      const split = (by: (o: (typeof orgs)[number]) => string) => {
        const a = new Map<string, number>();
        const s = new Map<string, number>();
        for (const p of won) bump(a, by(org.get(p.organization_id)!));
        for (const p of proposals) bump(s, by(org.get(p.organization_id)!));
        return shares(a, s);
      };
      const districtAssigned = new Map<string, number>();
      for (const p of won) bump(districtAssigned, district.get(p.need_id)!);
      const districtSupply = new Map<string, number>();
      for (const needId of new Set(proposals.map((p) => p.need_id))) bump(districtSupply, district.get(needId)!);
      expected = {
        needs: fx.needIds.length,
        assigned: total,
        coverage: total / fx.needIds.length,
        newcomerShare: winsOf((o) => o.performance_score === null) / total,
        newcomerSupplyShare: pairsOf((o) => o.performance_score === null) / proposals.length,
        unratedShare: winsOf((o) => o.grade === 'UNRATED') / total,
        top10Share: counts.slice(0, 10).reduce((a, b) => a + b, 0) / total,
        hhi: counts.reduce((sum, n) => sum + (n / total) ** 2, 0),
        byForm: split((o) => o.form),
        byGrade: split((o) => o.grade),
        byDistrict: shares(districtAssigned, districtSupply),
      };
      // The fixture leaves needs out (more needs than slots) and spreads the wins over several organizations.
      expect(total).toBeGreaterThan(1);
      expect(total).toBeLessThan(fx.needIds.length);
      expect(wins.size).toBeGreaterThan(1);
      expect(expected.byForm.length).toBeGreaterThan(1);
    });

    it('matches an independent recomputation of every figure from the proposals', async () => {
      const { fairnessReport } = await api.ok(REPORT, { r: runId }, fx.organizer);
      expect(fairnessReport.run).toEqual({ id: runId, status: 'SUCCEEDED' });
      expectClose(fairnessReport, expected);
      expect(fairnessReport.hhi).toBeGreaterThan(0);
      expect(fairnessReport.hhi).toBeLessThan(1);
      for (const split of ['byForm', 'byGrade', 'byDistrict']) {
        expect(fairnessReport[split].reduce((s: number, r: any) => s + r.share, 0)).toBeCloseTo(1, 10);
        expect(fairnessReport[split].reduce((s: number, r: any) => s + r.supplyShare, 0)).toBeCloseTo(1, 10);
      }
    });

    it('reports what the run saw, not today: a grade changed after the run leaves the report as it was', async () => {
      const before = (await api.ok(REPORT, { r: runId }, admin)).fairnessReport;
      const [, , o2] = fx.organizations;
      await api.ok(
        `mutation($o: ID!, $g: EvaluationGrade!) { setOrganizationGrade(organizationId: $o, grade: $g) { id } }`,
        { o: o2.organizationId, g: 'A2' },
        admin,
      );
      try {
        expect((await api.ok(REPORT, { r: runId }, admin)).fairnessReport).toEqual(before);
      } finally {
        await api.ok(
          `mutation($o: ID!, $g: EvaluationGrade!) { setOrganizationGrade(organizationId: $o, grade: $g) { id } }`,
          { o: o2.organizationId, g: 'UNRATED' },
          admin,
        );
      }
    });

    it('refuses other roles, an unknown run, a malformed id and a run not yet succeeded', async () => {
      expect(errorCode(await api.gql(REPORT, { r: runId }, fx.communities[0].token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(REPORT, { r: runId }, fx.organizations[0].token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(REPORT, { r: runId }))).toBe('UNAUTHENTICATED');
      const unknown = await api.gql(REPORT, { r: '00000000-0000-4000-8000-000000000000' }, fx.organizer);
      expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'RUN_NOT_FOUND' });
      const malformed = await api.gql(REPORT, { r: 'run-1' }, fx.organizer);
      expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'runId' });
      const [queued] = await db.query(
        `INSERT INTO match_runs (session_id, status, progress, weights, top_k) VALUES ($1, 'QUEUED', 0, '{}'::jsonb, 10) RETURNING id`,
        [fx.sessionId],
      );
      // A run that succeeded before runs kept their facts: no report rather than a wrong one.
      const [old] = await db.query(
        `INSERT INTO match_runs (session_id, status, progress, weights, top_k, assigned_count, proposals_created, started_at, finished_at)
         VALUES ($1, 'SUCCEEDED', 1, '{}'::jsonb, 10, 3, 9, now(), now()) RETURNING id`,
        [fx.sessionId],
      );
      try {
        const notYet = await api.gql(REPORT, { r: queued.id }, fx.organizer);
        expect(notYet.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RUN_NOT_SUCCEEDED' });
        const noFacts = await api.gql(REPORT, { r: old.id }, fx.organizer);
        expect(noFacts.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'RUN_FACTS_MISSING' });
      } finally {
        await db.query('DELETE FROM match_runs WHERE id = ANY($1::uuid[])', [[queued.id, old.id]]);
      }
    });
  });

  describe('gapMap', () => {
    it('counts needs, unassigned, without candidate, their budget and the supply reaching each district, "recruit here" first', async () => {
      const { gapMap } = await api.ok(GAP_MAP, { f: fx.fairId }, fx.organizer);
      expect(gapMap.fair.id).toBe(fx.fairId);

      // Independently: the fair's needs, the run's assigned needs, and who reaches each district.
      const needs: Array<{ id: string; domain: string; district: string; budget_fen: string; lat: number; lng: number }> = await db.query(
        `SELECT id, domain, district, budget_fen, lat, lng FROM service_needs WHERE fair_id = $1 AND status <> 'DRAFT' AND status <> 'WITHDRAWN'`,
        [fx.fairId],
      );
      const assigned = new Set<string>(
        (await db.query('SELECT need_id FROM match_proposals WHERE run_id = $1 AND assigned', [runId])).map((r: { need_id: string }) => r.need_id),
      );
      const withCandidate = new Set<string>(
        (await db.query('SELECT DISTINCT need_id FROM match_proposals WHERE run_id = $1', [runId])).map((r: any) => r.need_id),
      );
      expect(needs).toHaveLength(fx.needIds.length + 1);
      const cells = new Map<string, any>();
      for (const n of needs) {
        const key = `${n.domain}|${n.district}`;
        const cell = cells.get(key) ?? { domain: n.domain, district: n.district, needs: 0, unassigned: 0, withoutCandidate: 0, budgetFen: 0 };
        cells.set(key, cell);
        cell.needs++;
        if (!assigned.has(n.id)) {
          cell.unassigned++;
          cell.budgetFen += Number(n.budget_fen);
          // Nobody's data changed since the run: its candidates are today's (and the stray need had none).
          if (!withCandidate.has(n.id)) cell.withoutCandidate++;
        }
      }
      const got = new Map(gapMap.cells.map((c: any) => [`${c.domain}|${c.district}`, c]));
      expect(got.size).toBe(cells.size);
      for (const [key, cell] of cells) {
        expect(got.get(key)).toMatchObject({
          needs: cell.needs,
          unassigned: cell.unassigned,
          withoutCandidate: cell.withoutCandidate,
          budget: (cell.budgetFen / 100).toFixed(2),
        });
      }
      const stray = gapMap.cells.find((c: any) => c.domain === 'DRUG_PREVENTION');
      expect(stray).toMatchObject({ needs: 1, unassigned: 1, withoutCandidate: 1, budget: '35000.50' });
      expect(gapMap.cells[0]).toEqual(stray);

      // The supply of the elder-care cell of 玄武区: organizations with a free slot offering elder care or a related domain whose radius reaches the district's centre.
      const xuanwu = NANJING_DISTRICTS.find((d) => d.name === '玄武区')!;
      const orgs: Array<{ id: string; free: number; reaches: boolean; fits: boolean }> = await db.query(
        `SELECT o.id, floor(o.max_concurrent_projects - o.active_projects)::int AS free,
                (2 * 6371.0088 * asin(sqrt(power(sin(radians(o.lat - $1) / 2), 2) + cos(radians($1)) * cos(radians(o.lat)) * power(sin(radians(o.lng - $2) / 2), 2)))) <= o.service_radius_km AS reaches,
                EXISTS (SELECT 1 FROM service_offerings s WHERE s.organization_id = o.id AND s.domain = ANY($3::service_domain[])) AS fits
           FROM organizations o`,
        [xuanwu.lat, xuanwu.lng, ELDER_CARE_AND_RELATED],
      );
      expect(['ELDERLY_CARE', ...RELATED_DOMAINS.ELDERLY_CARE].sort()).toEqual([...ELDER_CARE_AND_RELATED].sort());
      const reaching = orgs.filter((o) => o.free > 0 && o.reaches && o.fits);
      expect(reaching.length).toBeGreaterThan(0);
      const elder = got.get('ELDERLY_CARE|玄武区') as any;
      expect(elder).toMatchObject({ organizations: reaching.length, freeCapacity: reaching.reduce((s, o) => s + o.free, 0) });
    });

    it('refuses other roles and names a bad fair', async () => {
      expect(errorCode(await api.gql(GAP_MAP, { f: fx.fairId }, fx.communities[0].token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(GAP_MAP, { f: fx.fairId }, fx.organizations[0].token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(GAP_MAP, { f: fx.fairId }))).toBe('UNAUTHENTICATED');
      expect((await api.ok(GAP_MAP, { f: fx.fairId }, admin)).gapMap.fair.id).toBe(fx.fairId);
      expect((await api.gql(GAP_MAP, { f: '00000000-0000-4000-8000-000000000000' }, fx.organizer)).errors?.[0].extensions).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'FAIR_NOT_FOUND',
      });
      expect((await api.gql(GAP_MAP, { f: 'x' }, fx.organizer)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fairId' });
    });
  });

  describe('whatIf', () => {
    const proposalCount = async () => Number((await db.query('SELECT count(*) FROM match_proposals'))[0].count);

    it('solves three weight sets on the session without writing, the run’s own weights giving the run’s assignment', async () => {
      const before = await proposalCount();
      const runsBefore = Number((await db.query('SELECT count(*) FROM match_runs'))[0].count);
      const sets = [runWeights, { distance: 5 }, { price: 4, performance: 2 }];
      const { whatIf } = await api.ok(WHAT_IF, { s: fx.sessionId, w: sets }, fx.organizer);
      expect(whatIf).toHaveLength(3);
      const run = (await db.query('SELECT assigned_count, total_score FROM match_runs WHERE id = $1', [runId]))[0];
      expect(whatIf[0]).toMatchObject({ assigned: run.assigned_count, changedVsFirst: 0 });
      expect(whatIf[0].totalScore).toBeCloseTo(run.total_score, 9);
      expect(whatIf[0].coverage).toBeCloseTo(run.assigned_count / fx.needIds.length, 12);
      expect(whatIf[0].weights).toEqual({ domain: 2, capacity: 0.1, grade: 0.15, distance: 1, price: 0.5, performance: 0.15 });
      expect(whatIf[1].weights).toEqual({ ...DEFAULT_WEIGHTS, distance: 5 });
      // The run's assignment by the same weights, recomputed from its proposals: newcomers' share.
      const won: Array<{ performance_score: number | null }> = await db.query(
        'SELECT o.performance_score FROM match_proposals p JOIN organizations o ON o.id = p.organization_id WHERE p.run_id = $1 AND p.assigned',
        [runId],
      );
      expect(whatIf[0].newcomerShare).toBeCloseTo(won.filter((w) => w.performance_score === null).length / won.length, 12);
      for (const r of whatIf) {
        expect(r.assigned).toBeLessThanOrEqual(fx.needIds.length);
        expect(r.changedVsFirst).toBeGreaterThanOrEqual(0);
        expect(r.changedVsFirst).toBeLessThanOrEqual(fx.needIds.length);
        expect(r.top10Share).toBeCloseTo(r.assigned > 0 ? 1 : 0, 12); // at most four winners
      }
      expect(await proposalCount()).toBe(before);
      expect(Number((await db.query('SELECT count(*) FROM match_runs'))[0].count)).toBe(runsBefore);
    });

    it('refuses admins and others, no set, six sets, and a bad weight naming the field', async () => {
      const w = [{ domain: 1 }];
      expect(errorCode(await api.gql(WHAT_IF, { s: fx.sessionId, w }, admin))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(WHAT_IF, { s: fx.sessionId, w }, fx.communities[0].token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(WHAT_IF, { s: fx.sessionId, w }))).toBe('UNAUTHENTICATED');
      expect((await api.gql(WHAT_IF, { s: fx.sessionId, w: [] }, fx.organizer)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'weightSets',
      });
      expect((await api.gql(WHAT_IF, { s: fx.sessionId, w: Array(6).fill({ domain: 1 }) }, fx.organizer)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'weightSets',
      });
      expect((await api.gql(WHAT_IF, { s: fx.sessionId, w: [{ domain: 1 }, { price: -1 }] }, fx.organizer)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'weightSets.1.price',
      });
      const zeros = { domain: 0, capacity: 0, grade: 0, distance: 0, price: 0, performance: 0 };
      expect((await api.gql(WHAT_IF, { s: fx.sessionId, w: [{ domain: 1 }, zeros] }, fx.organizer)).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'INVALID_WHAT_IF_WEIGHTS',
        field: 'weightSets.1',
      });
      expect((await api.gql(WHAT_IF, { s: '00000000-0000-4000-8000-000000000000', w }, fx.organizer)).errors?.[0].extensions).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'SESSION_NOT_FOUND',
      });
    });
  });

  describe('exports', () => {
    const download = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const workbookOf = async (response: Response) => {
      const workbook = new Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      return workbook;
    };

    it("exports the session's results as XLSX with Chinese headers, every need of the table and amounts as numbers", async () => {
      const response = await download(`/export/sessions/${fx.sessionId}/results.xlsx`, fx.organizer);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      expect(response.headers.get('content-disposition')).toContain('.xlsx');
      const ws = (await workbookOf(response)).getWorksheet('撮合结果')!;
      expect(ws.getRow(1).values).toEqual([
        undefined,
        '序号',
        '需求名称',
        '社区',
        '所在区',
        '服务领域',
        '预算金额（元）',
        '撮合结果',
        '承接组织',
        '报价（元）',
        '匹配得分',
      ]);
      expect(ws.rowCount).toBe(1 + fx.needIds.length);
      const rows: Array<{ title: string; budget_fen: string; assigned: boolean; name: string | null }> = await db.query(
        `SELECT n.title, n.budget_fen, p.id IS NOT NULL AS assigned, o.name
           FROM service_needs n
           LEFT JOIN match_proposals p ON p.need_id = n.id AND p.run_id = $2 AND p.assigned
           LEFT JOIN organizations o ON o.id = p.organization_id
          WHERE n.id = ANY($1::uuid[])`,
        [fx.needIds, runId],
      );
      const byTitle = new Map(rows.map((r) => [r.title, r]));
      for (let i = 2; i <= ws.rowCount; i++) {
        const row = ws.getRow(i);
        const need = byTitle.get(row.getCell(2).value as string)!;
        expect(typeof row.getCell(6).value).toBe('number');
        expect(row.getCell(6).value).toBe(Number(need.budget_fen) / 100);
        expect(row.getCell(6).numFmt).toBe('#,##0.00');
        expect(row.getCell(7).value).toBe(need.assigned ? '已匹配' : '未匹配');
        expect(row.getCell(8).value ?? null).toBe(need.assigned ? need.name : null);
        expect(row.getCell(5).value).toMatch(/养老服务|临终关怀/);
      }
      // The one bid of the fixture: its price is in the row when its pair won.
      const bidRow = (await db.query(`SELECT b.price_fen FROM match_proposals p JOIN bids b ON b.id = p.bid_id WHERE p.run_id = $1 AND p.assigned`, [
        runId,
      ])) as Array<{ price_fen: string }>;
      const prices = [...Array(ws.rowCount - 1).keys()].map((i) => ws.getRow(i + 2).getCell(9).value).filter((v) => v !== null && v !== undefined);
      expect(prices).toEqual(bidRow.map((b) => Number(b.price_fen) / 100));
    });

    it("exports the fair's contracts as XLSX, and the OCDS package as JSON and as flattened CSV", async () => {
      const [winner] = await db.query(
        `SELECT p.id, p.need_id, p.organization_id FROM match_proposals p WHERE p.run_id = $1 AND p.assigned ORDER BY p.need_id LIMIT 1`,
        [runId],
      );
      const community = fx.communities[fx.needCommunity.get(winner.need_id)!].token;
      const organization = fx.organizations.find((o) => o.organizationId === winner.organization_id)!.token;
      await api.ok(`mutation($id: ID!) { acceptProposal(id: $id) { id } }`, { id: winner.id }, community);
      await api.ok(`mutation($id: ID!) { acceptProposal(id: $id) { id } }`, { id: winner.id }, organization);
      const contract = await eventually(
        async () =>
          (await db.query('SELECT number, amount_fen FROM contracts WHERE need_id = $1', [winner.need_id]))[0] as
            { number: string; amount_fen: string } | undefined,
        'the contract',
      );

      const response = await download(`/export/fairs/${fx.fairId}/contracts.xlsx`, fx.organizer);
      expect(response.status).toBe(200);
      const ws = (await workbookOf(response)).getWorksheet('合同')!;
      expect(ws.getRow(1).getCell(1).value).toBe('合同编号');
      expect(ws.getRow(1).getCell(7).value).toBe('合同金额（元）');
      expect(ws.rowCount).toBe(2);
      expect(ws.getRow(2).getCell(1).value).toBe(contract.number);
      expect(ws.getRow(2).getCell(7).value).toBe(Number(contract.amount_fen) / 100);
      expect(ws.getRow(2).getCell(11).value).toBe('待签署');

      const json = await download(`/export/fairs/${fx.fairId}/ocds.json`, admin);
      expect(json.status).toBe(200);
      const pkg = (await json.json()) as { releases: Array<{ ocid: string; awards?: unknown[] }> };
      expect(pkg.releases.length).toBe(fx.needIds.length + 1);
      const csv = await download(`/export/fairs/${fx.fairId}/ocds.csv`, fx.organizer);
      expect(csv.status).toBe(200);
      const text = (await csv.text()).replace(/^\uFEFF/, '');
      const lines = text.trim().split('\r\n');
      const header = lines[0].split(',');
      expect(header).toEqual(expect.arrayContaining(['ocid', 'tender/id', 'tender/value/amount']));
      expect(lines).toHaveLength(1 + pkg.releases.length);
      const ocids = lines.slice(1).map((l) => l.split(',')[header.indexOf('ocid')]);
      expect(ocids.sort()).toEqual(pkg.releases.map((r) => r.ocid).sort());
    });

    it('refuses downloads without a token or to other roles, and answers unknown records and sessions without results', async () => {
      const path = `/export/sessions/${fx.sessionId}/results.xlsx`;
      const anonymous = await download(path);
      expect(anonymous.status).toBe(401);
      expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await download(path, fx.communities[0].token)).status).toBe(403);
      expect((await download(`/export/fairs/${fx.fairId}/ocds.csv`, fx.organizations[0].token)).status).toBe(403);
      expect((await download(`/export/fairs/00000000-0000-4000-8000-000000000000/contracts.xlsx`, fx.organizer)).status).toBe(404);
      expect((await download(`/export/sessions/not-an-id/results.xlsx`, fx.organizer)).status).toBe(404);
      const other = await seedClosedSession(api, 2, fx.organizer);
      const none = await download(`/export/sessions/${other.sessionId}/results.xlsx`, fx.organizer);
      expect(none.status).toBe(409);
      expect(((await none.json()) as any).errors[0].extensions.reason).toBe('NO_RESULTS_YET');
    });
  });

  it('leaves the stray need untouched by the run', async () => {
    expect((await db.query('SELECT status FROM service_needs WHERE id = $1', [strayNeed]))[0].status).toBe('PUBLISHED');
  });
});
