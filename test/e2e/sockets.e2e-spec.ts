import { LiveEvents } from '@app/core';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { TestApi } from './support/api';
import { ContractFixtures } from './support/contract-fixtures';
import { eventually } from './support/eventually';

interface Message {
  id?: string;
  type: string;
  payload?: any;
}

/** A raw graphql-transport-ws socket: every message and the close code, exactly as the server sends them. */
class Socket {
  readonly ws: WebSocket;
  readonly messages: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  closeCode?: number;

  constructor(url: string, connectionParams: Record<string, unknown> = {}) {
    this.ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => {
        this.ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
        resolve();
      });
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => this.messages.push(JSON.parse(String(data))));
    this.ws.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code, reason) => {
        this.closeCode = code;
        resolve({ code, reason: String(reason) });
      }),
    );
  }

  acknowledged(): Promise<boolean> {
    return eventually(async () => this.messages.some((m) => m.type === 'connection_ack') || this.closeCode !== undefined, 'an ack or a close').then(() =>
      this.messages.some((m) => m.type === 'connection_ack'),
    );
  }

  subscribe(id: string, query: string, variables: Record<string, unknown> = {}): void {
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** The first next or error message for that operation. */
  answer(id: string): Promise<Message> {
    return eventually(async () => this.messages.find((m) => m.id === id && (m.type === 'next' || m.type === 'error')), `an answer to ${id}`);
  }

  close(): void {
    this.ws.close();
  }
}

const STATS = 'subscription($f: ID!) { fairStatsChanged(fairId: $f) { needsListed bidsSubmitted } }';
const SESSION = 'subscription($s: ID!) { sessionEvents(sessionId: $s) { type at } }';

describe('graphql-ws: tokens, limits and sizes (e2e)', () => {
  let api: TestApi;
  let db: DataSource;
  let jwt: JwtService;
  let fairId: string;
  let sessionId: string;
  const sockets: Socket[] = [];
  const open = async (params: Record<string, unknown> = {}) => {
    const s = new Socket(api.url, params);
    sockets.push(s);
    await s.opened;
    return s;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await TestApi.start();
    db = api.app.get(DataSource);
    jwt = api.app.get(JwtService);
    const fx = new ContractFixtures(db);
    fairId = await fx.fair('第七届南京社洽会');
    sessionId = await fx.session(fairId);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await api.stop();
  });

  it('a socket without a token is anonymous: public subscriptions answer, sessionEvents is UNAUTHENTICATED', async () => {
    const screen = await open();
    expect(await screen.acknowledged()).toBe(true);
    screen.subscribe('stats', STATS, { f: fairId });
    screen.subscribe('session', SESSION, { s: sessionId });
    const refused = await screen.answer('session');
    expect(refused.type).toBe('error');
    expect(refused.payload[0].extensions.code).toBe('UNAUTHENTICATED');
    // The public figures keep coming on the same socket.
    await eventually(async () => {
      await api.app.get(LiveEvents).fairStatsChanged(fairId);
      return screen.messages.some((m) => m.id === 'stats' && m.type === 'next' && m.payload.data.fairStatsChanged);
    }, 'the fair figures');
  });

  it('a forged, expired or stale token closes the socket with 4403', async () => {
    const forged = await open(
      bearer(new JwtService({ secret: 'not-the-api-secret-0123456789abcdef01' }).sign({ sub: randomUUID(), role: 'ADMIN', cid: null, oid: null })),
    );
    const community = await api.registerCommunity();
    const expired = await open(bearer(jwt.sign({ sub: community.userId, role: 'COMMUNITY', cid: community.communityId, oid: null }, { expiresIn: -10 })));
    const stale = await open(bearer(jwt.sign({ sub: community.userId, role: 'ORGANIZER', cid: null, oid: null })));
    for (const s of [forged, expired, stale]) expect((await s.closed).code).toBe(4403);
  });

  it('closes the socket when its token expires', async () => {
    const organizer = await api.organizerToken();
    const { sub, role, cid, oid } = jwt.decode(organizer) as Record<string, unknown>;
    const short = await open(bearer(jwt.sign({ sub, role, cid, oid }, { expiresIn: 2 })));
    expect(await short.acknowledged()).toBe(true);
    short.subscribe('s', SESSION, { s: sessionId });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(short.closeCode).toBeUndefined();
    const { code, reason } = await short.closed;
    expect(code).toBe(4403);
    expect(reason).toBe('Token expired');
  });

  it('checks the token against the account again for every operation', async () => {
    const organization = await api.registerOrganization();
    const other = await api.registerOrganization();
    const s = await open(bearer(organization.token));
    expect(await s.acknowledged()).toBe(true);
    s.subscribe('ok', 'query($f: ID!) { fair(id: $f) { id } }', { f: fairId });
    expect((await s.answer('ok')).type).toBe('next');
    await db.query('UPDATE users SET organization_id = $2 WHERE id = $1', [organization.userId, other.organizationId]);
    try {
      s.subscribe('after', STATS, { f: fairId });
      const answer = await s.answer('after');
      expect(answer.payload[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await s.closed).code).toBe(4403);
    } finally {
      await db.query('UPDATE users SET organization_id = $2 WHERE id = $1', [organization.userId, organization.organizationId]);
    }
  });

  it('holds operations sent over the socket to the same query limits as HTTP', async () => {
    const s = await open();
    expect(await s.acknowledged()).toBe(true);
    s.subscribe('cycle', 'query($f: ID!) { fair(id: $f) { sessions { needs { fair { sessions { needs { id description } } } } } } }', { f: fairId });
    const aliases = Array.from({ length: 300 }, (_, i) => `p${i}: ocdsReleasePackage(fairId: $f)`).join(' ');
    s.subscribe('aliases', `query($f: ID!) { ${aliases} }`, { f: fairId });
    s.subscribe('large', `{ ${Array.from({ length: 500 }, (_, i) => `n${i}: needs(first: 0, filter: { text: "社区" }) { totalCount }`).join(' ')} }`);
    s.subscribe('invalid', '{ fair { nope } }');
    s.subscribe('nested', 'subscription($s: ID!) { sessionEvents(sessionId: $s) { bid { need { bids { need { bids { id } } } } } } }', { s: sessionId });
    const started = Date.now();
    expect((await s.answer('cycle')).payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPEATED_LIST' });
    expect((await s.answer('aliases')).payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' });
    expect((await s.answer('large')).payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_LARGE' });
    expect((await s.answer('invalid')).payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await s.answer('nested')).payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'REPEATED_LIST' });
    expect(Date.now() - started).toBeLessThan(2000);
    // The socket stays usable for well-formed operations.
    s.subscribe('fine', 'query($f: ID!) { fair(id: $f) { id name } }', { f: fairId });
    expect((await s.answer('fine')).payload.data.fair.id).toBe(fairId);
  });

  it('caps the operations running at once on one socket', async () => {
    const s = await open();
    expect(await s.acknowledged()).toBe(true);
    for (let i = 0; i < 20; i++) s.subscribe(`s${i}`, STATS, { f: fairId });
    // Wait until the 20 are set up (none answers until the figures change).
    await new Promise((resolve) => setTimeout(resolve, 300));
    s.subscribe('one-too-many', STATS, { f: fairId });
    const answer = await s.answer('one-too-many');
    expect(answer.payload[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_SUBSCRIPTIONS' });
    // Completing one makes room again.
    s.ws.send(JSON.stringify({ id: 's0', type: 'complete' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    s.subscribe('room-again', 'query($f: ID!) { fair(id: $f) { id } }', { f: fairId });
    expect((await s.answer('room-again')).type).toBe('next');
  });

  it('closes a socket that sends a message over 64 KB (1009 Message Too Big)', async () => {
    const s = await open();
    expect(await s.acknowledged()).toBe(true);
    s.ws.send(JSON.stringify({ id: 'big', type: 'subscribe', payload: { query: '{ fairs { id } }', variables: { pad: 'x'.repeat(70 * 1024) } } }));
    expect((await s.closed).code).toBe(1009);
    // Just under the limit is read as usual.
    const t = await open();
    expect(await t.acknowledged()).toBe(true);
    t.ws.send(JSON.stringify({ id: 'fits', type: 'subscribe', payload: { query: '{ fairs { id } }', variables: { pad: 'x'.repeat(60 * 1024) } } }));
    expect((await t.answer('fits')).type).toBe('next');
  });
});
