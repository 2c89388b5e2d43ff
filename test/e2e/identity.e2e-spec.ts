import { DataSource } from 'typeorm';
import { errorCode, TestApi, uniqueCreditCode, uniqueEmail } from './support/api';

describe('identity (e2e)', () => {
  let api: TestApi;
  let db: DataSource;

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
  });
  afterAll(() => api.stop());

  const countUsers = async (email: string) => Number((await db.query('SELECT count(*) FROM users WHERE email = $1', [email]))[0].count);

  it('registers a community and returns a token that identifies it in me', async () => {
    const { token, communityId } = await api.registerCommunity();
    const me = await api.ok(`{ me { role community { id district location { lat lng } } organization { id } } }`, {}, token);
    expect(me.me).toMatchObject({ role: 'COMMUNITY', community: { id: communityId, district: '玄武区' }, organization: null });
  });

  it('registers an organization UNRATED with no active projects', async () => {
    const { token, organizationId } = await api.registerOrganization();
    const me = await api.ok(`{ me { role organization { id grade activeProjects performanceScore } } }`, {}, token);
    expect(me.me).toEqual({ role: 'ORGANIZATION', organization: { id: organizationId, grade: 'UNRATED', activeProjects: 0, performanceScore: null } });
  });

  it('answers me with null for an anonymous caller and UNAUTHENTICATED for a forged token', async () => {
    expect((await api.ok(`{ me { id } }`)).me).toBeNull();
    const forged = await api.gql(`{ organizations { totalCount } me { id } }`, {}, 'not-a-token');
    expect(forged.data?.me ?? null).toBeNull();
  });

  it('logs in with the right password only', async () => {
    const email = uniqueEmail('login');
    await api.registerCommunity({ email });
    expect((await api.ok(`mutation { login(email: "${email.toUpperCase()}", password: "community-password") { user { email } } }`)).login.user.email).toBe(
      email,
    );
    const wrong = await api.gql(`mutation { login(email: "${email}", password: "wrong-password") { token } }`);
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
  });

  it('gives CONFLICT for a duplicate email and stores no second community', async () => {
    const email = uniqueEmail('dup');
    await api.registerCommunity({ email });
    const before = Number((await db.query('SELECT count(*) FROM communities'))[0].count);
    const again = await api.gql(`mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { token } }`, {
      input: { email, password: 'community-password', name: '另一个社区', district: '鼓楼区', street: '宁海路街道', location: { lat: 32.06, lng: 118.77 } },
    });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(Number((await db.query('SELECT count(*) FROM communities'))[0].count)).toBe(before);
  });

  it('gives CONFLICT for a duplicate credit code and stores no second user', async () => {
    const creditCode = uniqueCreditCode();
    await api.registerOrganization({ creditCode });
    const email = uniqueEmail('dup-org');
    const again = await api.gql(`mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { token } }`, {
      input: {
        email,
        password: 'organization-password',
        name: '重复机构',
        creditCode,
        form: 'SOCIAL_GROUP',
        district: '鼓楼区',
        location: { lat: 32.06, lng: 118.77 },
        serviceRadiusKm: 5,
        certifiedSocialWorkers: 1,
        staffCount: 3,
        maxConcurrentProjects: 1,
      },
    });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(await countUsers(email)).toBe(0);
  });

  it.each([
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a short password', { password: 'short' }, 'password'],
    ['a latitude out of range', { location: { lat: 95, lng: 118.8 } }, 'location.lat'],
    ['a longitude out of range', { location: { lat: 32, lng: 200 } }, 'location.lng'],
    ['an empty name', { name: '' }, 'name'],
    ['zero households', { households: 0 }, 'households'],
  ])('rejects a community with %s, naming the field, and stores nothing', async (_, patch, field) => {
    const email = uniqueEmail('bad');
    const input = {
      email,
      password: 'community-password',
      name: '测试社区',
      district: '玄武区',
      street: '新街口街道',
      location: { lat: 32.04, lng: 118.78 },
      ...patch,
    };
    const result = await api.gql(`mutation($input: RegisterCommunityInput!) { registerCommunity(input: $input) { token } }`, { input });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toContain(field);
    expect(await countUsers(String(input.email).toLowerCase())).toBe(0);
  });

  it.each([
    ['a wrong check character', { creditCode: '91350100M000100Y44' }, 'creditCode'],
    ['a zero service radius', { serviceRadiusKm: 0 }, 'serviceRadiusKm'],
    ['zero capacity', { maxConcurrentProjects: 0 }, 'maxConcurrentProjects'],
    ['negative social workers', { certifiedSocialWorkers: -1 }, 'certifiedSocialWorkers'],
  ])('rejects an organization with %s, naming the field, and stores nothing', async (_, patch, field) => {
    const email = uniqueEmail('bad-org');
    const input = {
      email,
      password: 'organization-password',
      name: '测试机构',
      creditCode: uniqueCreditCode(),
      form: 'SOCIAL_GROUP',
      district: '玄武区',
      location: { lat: 32.04, lng: 118.78 },
      serviceRadiusKm: 10,
      certifiedSocialWorkers: 2,
      staffCount: 5,
      maxConcurrentProjects: 2,
      ...patch,
    };
    const result = await api.gql(`mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { token } }`, { input });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0].message).toContain(field);
    expect(await countUsers(email)).toBe(0);
  });

  it('lets only an ADMIN create organizers', async () => {
    const community = await api.registerCommunity();
    const organizer = await api.organizerToken();
    const mutation = `mutation($e: String!) { createOrganizer(email: $e, password: "organizer-password") { role } }`;
    expect(errorCode(await api.gql(mutation, { e: uniqueEmail('x') }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await api.gql(mutation, { e: uniqueEmail('x') }, community.token))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(mutation, { e: uniqueEmail('x') }, organizer))).toBe('FORBIDDEN');
    expect((await api.ok(mutation, { e: uniqueEmail('x') }, await api.adminToken())).createOrganizer.role).toBe('ORGANIZER');
  });
});
