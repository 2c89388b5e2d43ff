import { creditCodeCheckChar } from '@app/directory';
import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createApiApp } from '../../../apps/api/src/bootstrap';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; field?: string; [k: string]: unknown } }>;
}

/** The real api (same bootstrap as production) on a free port, and a small GraphQL client. */
export class TestApi {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
  ) {}

  static async start(): Promise<TestApi> {
    const app = await createApiApp();
    await app.listen(0, '127.0.0.1');
    return new TestApi(app, `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/graphql`);
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  async gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GqlResult<T>;
  }

  /** Runs an operation that must succeed, and returns its data. */
  async ok<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const result = await this.gql<T>(query, variables, token);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  }

  async adminToken(): Promise<string> {
    const data = await this.ok(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: process.env.ADMIN_EMAIL,
      p: process.env.ADMIN_PASSWORD,
    });
    return data.login.token;
  }

  async organizerToken(): Promise<string> {
    const email = uniqueEmail('organizer');
    await this.ok(
      `mutation($e: String!, $p: String!) { createOrganizer(email: $e, password: $p) { id } }`,
      { e: email, p: 'organizer-password' },
      await this.adminToken(),
    );
    const data = await this.ok(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: 'organizer-password' });
    return data.login.token;
  }

  async registerCommunity(overrides: Record<string, unknown> = {}): Promise<{ token: string; communityId: string; userId: string }> {
    const input = {
      email: uniqueEmail('community'),
      password: 'community-password',
      name: '锁金村社区',
      district: '玄武区',
      street: '锁金村街道',
      location: { lat: 32.0756, lng: 118.8103 },
      households: 3200,
      ...overrides,
    };
    const data = await this.ok(`mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { token user { id community { id } } } }`, {
      input,
    });
    return { token: data.registerCommunity.token, communityId: data.registerCommunity.user.community.id, userId: data.registerCommunity.user.id };
  }

  async registerOrganization(overrides: Record<string, unknown> = {}): Promise<{ token: string; organizationId: string; userId: string }> {
    const input = {
      email: uniqueEmail('org'),
      password: 'organization-password',
      name: `金陵社工服务中心-${randomUUID().slice(0, 6)}`,
      creditCode: uniqueCreditCode(),
      form: 'SOCIAL_SERVICE_AGENCY',
      district: '玄武区',
      location: { lat: 32.06, lng: 118.8 },
      serviceRadiusKm: 15,
      certifiedSocialWorkers: 6,
      staffCount: 20,
      maxConcurrentProjects: 3,
      ...overrides,
    };
    const data = await this.ok(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { token user { id organization { id } } } }`,
      { input },
    );
    return {
      token: data.registerOrganization.token,
      organizationId: data.registerOrganization.user.organization.id,
      userId: data.registerOrganization.user.id,
    };
  }
}

export const uniqueEmail = (prefix: string) => `${prefix}-${randomUUID().slice(0, 12)}@marketplace.test`;

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A random unified social credit code with a correct check character (52 = 民政-registered 民非). */
export function uniqueCreditCode(): string {
  let body = '5232010';
  while (body.length < 17) body += ALPHABET[Math.floor(Math.random() * 31)];
  return body + creditCodeCheckChar(body);
}

export function errorCode(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
