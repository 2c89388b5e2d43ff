import { compareWeightings, OrganizationInput } from '@app/matching';
import { MatchRunEntity, RunStatus } from '@app/matching-runs';
import { ServiceNeedEntity } from '@app/needs';
import { EvaluationGrade, ServiceDomain } from '@app/reference-data';
import { aNeed, anOrganization } from '../../matching/src/testing/fixtures';
import { generateInstance } from '../../matching/src/testing/instance-generator';
import { flattenRelease, releasePackageCsv } from './export/ocds-csv';
import { gapCells, latestSucceededRuns } from './insight.service';
import { WhatIfThread } from './what-if/what-if-runner';

/** A need of the gap map: elder care in 玄武区 at its centre unless told otherwise. */
function need(id: string, o: Partial<ServiceNeedEntity> = {}): ServiceNeedEntity {
  const n = aNeed({ id, minGrade: EvaluationGrade.UNRATED });
  return { ...n, district: '玄武区', budgetFen: 10_000_00, ...o } as ServiceNeedEntity;
}

describe(gapCells.name, () => {
  const xuanwuOrg = (o: Partial<OrganizationInput> = {}) => anOrganization({ id: 'org-x', freeCapacity: 2, ...o });

  it('counts needs, unassigned (or without candidate) with their budget, and the supply reaching the district', () => {
    const needs = [
      need('a'),
      need('b', { budgetFen: 50_000 }),
      need('c', { domain: ServiceDomain.DRUG_PREVENTION, budgetFen: 3_500_050 }),
      need('d', { district: '江宁区', lat: 31.9539, lng: 118.8397 }),
    ];
    const organizations = [
      xuanwuOrg(),
      // Hospice care is related to elder care: it counts for the elder-care cells it reaches.
      anOrganization({
        id: 'org-h',
        freeCapacity: 1,
        offerings: [{ domain: ServiceDomain.HOSPICE_CARE, priceMinFen: 1, priceMaxFen: 2, annualBeneficiaries: 1 }],
      }),
      // Far away: reaches nothing in the city.
      anOrganization({ id: 'org-far', lat: 40, lng: 100, freeCapacity: 5 }),
    ];
    const cells = gapCells(needs, organizations, new Set(['a']));
    expect(cells.map((c) => `${c.domain}|${c.district}`)).toEqual(['DRUG_PREVENTION|玄武区', 'ELDERLY_CARE|江宁区', 'ELDERLY_CARE|玄武区']);
    expect(cells[0]).toEqual({
      domain: 'DRUG_PREVENTION',
      district: '玄武区',
      needs: 1,
      unassigned: 1,
      withoutCandidate: 1,
      budgetFen: 3_500_050,
      organizations: 0,
      freeCapacity: 0,
    });
    expect(cells[2]).toEqual({
      domain: 'ELDERLY_CARE',
      district: '玄武区',
      needs: 2,
      unassigned: 1,
      withoutCandidate: 0,
      budgetFen: 50_000,
      organizations: 2,
      freeCapacity: 3,
    });
    // 江宁区's centre is ~11 km from the organizations, beyond their 10 km radius; its need is out of reach too.
    expect(cells[1]).toMatchObject({ needs: 1, unassigned: 1, withoutCandidate: 1, organizations: 0, freeCapacity: 0 });
  });

  it('keeps an assigned need assigned even when nobody is eligible for it today, and skips organizations without a free slot', () => {
    const cells = gapCells([need('a'), need('b')], [xuanwuOrg({ freeCapacity: 0 })], new Set(['a']));
    expect(cells[0]).toMatchObject({ needs: 2, unassigned: 1, withoutCandidate: 1, budgetFen: 10_000_00, organizations: 1, freeCapacity: 0 });
  });

  it('puts "recruit here" cells first, then the most unassigned', () => {
    const cells = gapCells(
      [need('a'), need('b'), need('c', { domain: ServiceDomain.CULTURE_SPORTS }), need('d', { domain: ServiceDomain.HOSPICE_CARE })],
      [xuanwuOrg()],
      new Set(['d']),
    );
    expect(cells.map((c) => [c.domain, c.withoutCandidate, c.unassigned])).toEqual([
      ['CULTURE_SPORTS', 1, 1],
      ['ELDERLY_CARE', 0, 2],
      ['HOSPICE_CARE', 0, 0],
    ]);
  });
});

describe(latestSucceededRuns.name, () => {
  const run = (id: string, sessionId: string, status: RunStatus, finishedAt: string | null) =>
    ({ id, sessionId, status, finishedAt: finishedAt ? new Date(finishedAt) : null, createdAt: new Date('2027-01-01') }) as MatchRunEntity;

  it('keeps per session the succeeded run that finished last, ignoring failed and unfinished ones', () => {
    const runs = [
      run('s1-old', 's1', RunStatus.SUCCEEDED, '2027-01-02T10:00:00Z'),
      run('s1-new', 's1', RunStatus.SUCCEEDED, '2027-01-02T11:00:00Z'),
      run('s1-failed', 's1', RunStatus.FAILED, '2027-01-02T12:00:00Z'),
      run('s2-running', 's2', RunStatus.RUNNING, null),
      run('s3', 's3', RunStatus.SUCCEEDED, '2027-01-01T00:00:00Z'),
    ];
    expect(
      latestSucceededRuns(runs)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['s1-new', 's3']);
  });
});

describe('OCDS as CSV', () => {
  it('flattens a release into slash paths, arrays by index', () => {
    expect([...flattenRelease({ ocid: 'x', tender: { value: { amount: 1 } }, awards: [{ id: 'a' }, { id: 'b', suppliers: [{ name: '甲' }] }] })]).toEqual([
      ['ocid', 'x'],
      ['tender/value/amount', 1],
      ['awards/0/id', 'a'],
      ['awards/1/id', 'b'],
      ['awards/1/suppliers/0/name', '甲'],
    ]);
  });

  it('writes one row per release under the union of columns, quoting what needs it, with a BOM', () => {
    const csv = releasePackageCsv({
      releases: [
        { ocid: 'a', tender: { title: '助餐, 助浴' } },
        { ocid: 'b', awards: [{ title: 'say "hi"' }] },
      ],
    });
    expect(csv).toBe('\uFEFFocid,tender/title,awards/0/title\r\na,"助餐, 助浴",\r\nb,,"say ""hi"""\r\n');
  });
});

describe(WhatIfThread.name, () => {
  const thread = new WhatIfThread();
  afterAll(() => thread.close());

  it('answers as the engine does, off the event loop (timers keep firing while it solves)', async () => {
    const instance = generateInstance({ needs: 400, organizations: 150, seed: 7 });
    const sets = [{}, { distance: 1 }, { price: 1 }];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const outcomes = await thread.compare(instance.needs, instance.organizations, instance.bids, sets);
      expect(outcomes).toEqual(compareWeightings(instance.needs, instance.organizations, instance.bids, sets));
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  }, 60_000);

  it("passes on the engine's refusal", async () => {
    await expect(thread.compare([], [], [], [])).rejects.toThrow(/between 1 and 5 weight sets/);
  });
});
