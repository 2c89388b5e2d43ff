import { TestApi } from './api';

/** Fixtures for the fair e2e specs: fairs, needs, organizations with offerings, sessions, bids. */
export class FairFixtures {
  constructor(private readonly api: TestApi) {}

  async createFair(organizerToken: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const input = { name: '第四届南京市社区暨社会公益服务项目洽谈会', city: '南京', startsOn: '2026-11-20', endsOn: '2026-11-22', ...overrides };
    const data = await this.api.ok(`mutation($input: CreateFairInput!) { createFair(input: $input) { id } }`, { input }, organizerToken);
    return data.createFair.id;
  }

  async postNeed(communityToken: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const input = {
      title: '锁金村社区居家养老助餐服务',
      description: '为社区高龄独居老人提供助餐、助洁服务',
      domain: 'ELDERLY_CARE',
      beneficiaries: 120,
      budget: '48000.00',
      fundingSource: 'WELFARE_LOTTERY',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      ...overrides,
    };
    const data = await this.api.ok(`mutation($input: PostNeedInput!) { postNeed(input: $input) { id } }`, { input }, communityToken);
    return data.postNeed.id;
  }

  /** An organization near the default community, with one offering per domain given. */
  async organization(domains: string[] = ['ELDERLY_CARE'], overrides: Record<string, unknown> = {}): Promise<{ token: string; organizationId: string }> {
    const org = await this.api.registerOrganization(overrides);
    for (const domain of domains) {
      await this.api.ok(
        `mutation($input: OfferingInput!) { addOffering(input: $input) { id } }`,
        {
          input: { domain, title: '居家养老服务', description: '上门助餐助洁', priceMin: '10000.00', priceMax: '60000.00', annualBeneficiaries: 300 },
        },
        org.token,
      );
    }
    return org;
  }

  async openSession(organizerToken: string, fairId: string, options: { needIds?: string[]; deadlineMs?: number; zone?: string } = {}): Promise<string> {
    const input = {
      fairId,
      title: '玄武区项目对接专场',
      zone: options.zone ?? 'DISTRICT_PROJECTS',
      bidDeadline: new Date(Date.now() + (options.deadlineMs ?? 3600_000)).toISOString(),
      ...(options.needIds ? { needIds: options.needIds } : {}),
    };
    const data = await this.api.ok(`mutation($input: OpenSessionInput!) { openSession(input: $input) { id } }`, { input }, organizerToken);
    return data.openSession.id;
  }

  submitBid(token: string, input: Record<string, unknown>) {
    return this.api.gql(
      `mutation($input: SubmitBidInput!) { submitBid(input: $input) { id status price plan submittedAt need { id } organization { id } session { id } } }`,
      { input: { price: '40000.00', plan: '每周五天上门助餐，配备持证社工两名', ...input } },
      token,
    );
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export { eventually } from './eventually';
