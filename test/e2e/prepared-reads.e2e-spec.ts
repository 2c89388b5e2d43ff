import { preparedFindIn, preparedRows } from '@app/core';
import { CommunityEntity, OrganizationEntity, ServiceOfferingEntity } from '@app/directory';
import { ServiceNeedEntity } from '@app/needs';
import { DataSource, In } from 'typeorm';
import { TestApi } from './support/api';

jest.setTimeout(60_000);

/**
 * The prepared reads (libs/core/src/database/prepared.ts) stand in for TypeORM's findBy on the
 * pages every visitor opens: they must answer the same entities, field for field (dates as
 * 'YYYY-MM-DD', money through its transformer, timestamps as Dates), in the same order.
 */
describe('prepared reads (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let communityId: string;
  let organizationId: string;
  const needIds: string[] = [];

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    const community = await api.registerCommunity();
    communityId = community.communityId;
    for (const [i, budget] of ['48000.00', '1234567.89', '0.01'].entries()) {
      const data = await api.ok(
        `mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`,
        {
          input: {
            title: `助餐服务 ${i}`,
            description: '为独居老人每日送餐',
            domain: 'ELDERLY_CARE',
            beneficiaries: 10 + i,
            budget,
            fundingSource: 'WELFARE_LOTTERY',
            startsOn: '2026-03-01',
            endsOn: '2026-12-31',
          },
        },
        community.token,
      );
      needIds.push(data.postNeed.id);
    }
    const organization = await api.registerOrganization();
    organizationId = organization.organizationId;
    await api.ok(
      `mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`,
      {
        input: { domain: 'ELDERLY_CARE', title: '居家养老', description: '助餐助浴', priceMin: '12000.00', priceMax: '60000.00', annualBeneficiaries: 300 },
      },
      organization.token,
    );
  });
  afterAll(() => api.stop());

  it('reads needs as TypeORM does, in the order asked', async () => {
    const prepared = await preparedFindIn(db, ServiceNeedEntity, 'id', needIds, ['createdAt', 'id']);
    const typeorm = await db.getRepository(ServiceNeedEntity).find({ where: { id: In(needIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
    expect(prepared).toHaveLength(3);
    expect(prepared).toEqual(typeorm);
    expect(prepared.map((n) => n.budgetFen)).toEqual([4_800_000, 123_456_789, 1]);
    expect(prepared[0].startsOn).toBe('2026-03-01');
    expect(prepared[0].createdAt).toBeInstanceOf(Date);
    expect(prepared[0]).toBeInstanceOf(ServiceNeedEntity);
  });

  it('reads communities, organizations and offerings as TypeORM does', async () => {
    expect(await preparedFindIn(db, CommunityEntity, 'id', [communityId])).toEqual(await db.getRepository(CommunityEntity).findBy({ id: communityId }));
    expect(await preparedFindIn(db, OrganizationEntity, 'id', [organizationId])).toEqual(
      await db.getRepository(OrganizationEntity).findBy({ id: organizationId }),
    );
    const offerings = await preparedFindIn(db, ServiceOfferingEntity, 'organizationId', [organizationId], ['createdAt', 'id']);
    expect(offerings).toHaveLength(1);
    expect(offerings).toEqual(await db.getRepository(ServiceOfferingEntity).findBy({ organizationId }));
  });

  it('answers nothing for no keys or unknown ones, and the same rows on every connection of the pool', async () => {
    expect(await preparedFindIn(db, ServiceNeedEntity, 'id', [])).toEqual([]);
    expect(await preparedFindIn(db, ServiceNeedEntity, 'id', ['00000000-0000-4000-8000-000000000000'])).toEqual([]);
    // Many at once: the pool spreads them over its connections, each preparing the statement once.
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => preparedRows<{ n: number }>(db, 'SELECT $1::int + 1 AS n', [i])));
    expect(answers).toEqual(Array.from({ length: 30 }, (_, i) => [{ n: i + 1 }]));
  });
});
