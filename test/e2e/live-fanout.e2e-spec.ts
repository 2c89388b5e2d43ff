import { LiveEvents, SessionEventType } from '@app/core';
import { FAIR_STATS_EVERY_MS, LiveFanout } from '@app/live';
import WebSocket from 'ws';
import { TestApi } from './support/api';
import { eventually, FairFixtures, sleep } from './support/fairs';

jest.setTimeout(120_000);

/** A raw graphql-transport-ws socket: every message as sent, the close code, and a way to stop reading. */
class Socket {
  readonly ws: WebSocket;
  readonly messages: Array<{ id?: string; type: string; payload?: any }> = [];
  readonly closed: Promise<number>;
  private acked = false;

  constructor(url: string, token: string | null) {
    this.ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    this.ws.once('open', () => this.ws.send(JSON.stringify({ type: 'connection_init', payload: token ? { authorization: `Bearer ${token}` } : {} })));
    this.ws.on('error', () => undefined);
    this.ws.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'connection_ack') this.acked = true;
      this.messages.push(message);
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  async subscribe(id: string, query: string, variables: Record<string, unknown>): Promise<void> {
    await eventually(async () => this.acked, 'connection_ack');
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** The data of every next message for that operation. */
  next(id: string, field: string): any[] {
    return this.messages.filter((m) => m.id === id && m.type === 'next').map((m) => m.payload.data?.[field] ?? m.payload);
  }

  bids(id: string, type = 'BID_SUBMITTED'): any[] {
    return this.next(id, 'sessionEvents')
      .filter((e) => e.type === type)
      .map((e) => e.bid);
  }

  /** Stops reading from the TCP socket: what the api sends piles up in the kernel, then in ws. */
  pause(): void {
    (this.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resume(): void {
    (this.ws as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  close(): void {
    this.ws.terminate();
  }
}

const WITH_PRICE = 'subscription($id: ID!) { sessionEvents(sessionId: $id) { type sessionId bid { id price organization { id } need { id } } } }';
const WITHOUT_PRICE = 'subscription($id: ID!) { sessionEvents(sessionId: $id) { type bid { id status } } }';
const WITH_PLAN = 'subscription($id: ID!) { sessionEvents(sessionId: $id) { type bid { id plan } } }';

describe('live fan-out: shared execution, slow consumers, coalescing (e2e)', () => {
  let api: TestApi;
  let fx: FairFixtures;
  let organizer: string;
  let fanout: LiveFanout;
  const sockets: Socket[] = [];
  const previousLimit = process.env.LIVE_SOCKET_MAX_BUFFERED_BYTES;
  const open = (token: string | null) => {
    const s = new Socket(api.url, token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    // A small buffer bound, so that a socket that stops reading is found out after a few MB (what the kernel holds) rather than more.
    process.env.LIVE_SOCKET_MAX_BUFFERED_BYTES = '65536';
    api = await TestApi.start();
    fx = new FairFixtures(api);
    organizer = await api.organizerToken();
    fanout = api.app.get(LiveFanout);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await api.stop();
    if (previousLimit === undefined) delete process.env.LIVE_SOCKET_MAX_BUFFERED_BYTES;
    else process.env.LIVE_SOCKET_MAX_BUFFERED_BYTES = previousLimit;
  });

  /** Status probes until every (socket, operation) has one: only then are all subscriptions in place. */
  async function untilSubscribed(sessionId: string, subscriptions: Array<[Socket, string]>) {
    const live = api.app.get(LiveEvents);
    await eventually(
      async () => {
        await live.session({ type: SessionEventType.SESSION_STATUS_CHANGED, sessionId });
        await sleep(50);
        return subscriptions.every(([s, id]) => s.next(id, 'sessionEvents').some((e) => e.type === 'SESSION_STATUS_CHANGED'));
      },
      'every subscription to receive the probe event',
      15_000,
    );
  }

  it("executes once per visibility class and selection, and still delivers exactly: no community gets another's need's bids, an organization only its own", async () => {
    const fairId = await fx.createFair(organizer);
    const communityA = await api.registerCommunity();
    const communityB = await api.registerCommunity({ name: '玄武门社区' });
    const needA = await fx.postNeed(communityA.token, { fairId });
    const needB = await fx.postNeed(communityB.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needA, needB] });
    const x = await fx.organization(['ELDERLY_CARE']);
    const y = await fx.organization(['ELDERLY_CARE']);

    // Several sockets per class (the same organization twice, the same community twice), and two selections for the organizers.
    const organizers = [open(organizer), open(organizer), open(organizer)];
    const [a1, a2, b1, x1, x2, y1] = [communityA, communityA, communityB, x, x, y].map((p) => open(p.token));
    const subs: Array<[Socket, string]> = [];
    for (const s of [...organizers.slice(0, 2), a1, a2, b1, x1, x2, y1]) {
      await s.subscribe('s', WITH_PRICE, { id: sessionId });
      subs.push([s, 's']);
    }
    await organizers[2].subscribe('s', WITHOUT_PRICE, { id: sessionId });
    subs.push([organizers[2], 's']);
    await untilSubscribed(sessionId, subs);

    const before = { ...fanout.counters };
    const bidX = (await fx.submitBid(x.token, { needId: needA, sessionId, price: '41000.00' })).data!.submitBid.id;
    await eventually(async () => a1.bids('s').length === 1 && x2.bids('s').length === 1 && organizers[2].bids('s').length === 1);
    const afterFirst = { ...fanout.counters };
    const bidY = (await fx.submitBid(y.token, { needId: needB, sessionId, price: '39000.00' })).data!.submitBid.id;
    await eventually(async () => b1.bids('s').length === 1 && y1.bids('s').length === 1 && organizers[0].bids('s').length === 2);
    await sleep(300); // anything wrongly sent would have arrived by now

    // Exact per class.
    const full = (id: string, price: string, org: string, need: string) => ({ id, price, organization: { id: org }, need: { id: need } });
    const seenX = full(bidX, '41000.00', x.organizationId, needA);
    const seenY = full(bidY, '39000.00', y.organizationId, needB);
    expect(organizers[0].bids('s')).toEqual([seenX, seenY]);
    expect(organizers[1].bids('s')).toEqual([seenX, seenY]);
    expect(organizers[2].bids('s')).toEqual([
      { id: bidX, status: 'SUBMITTED' },
      { id: bidY, status: 'SUBMITTED' },
    ]);
    for (const s of [a1, a2]) expect(s.bids('s')).toEqual([seenX]);
    expect(b1.bids('s')).toEqual([seenY]);
    for (const s of [x1, x2]) expect(s.bids('s')).toEqual([seenX]);
    expect(y1.bids('s')).toEqual([seenY]);
    expect(JSON.stringify(x1.messages)).not.toContain('39000.00');
    expect(JSON.stringify(y1.messages)).not.toContain('41000.00');
    expect(JSON.stringify(b1.messages)).not.toContain(bidX);
    expect(JSON.stringify(a1.messages)).not.toContain(bidY);

    // Bid X's event reached 6 sockets through 4 executions: organizers × 2 selections, community A, organization X.
    expect(afterFirst.messages - before.messages).toBe(1);
    expect(afterFirst.executions - before.executions).toBe(4);
    expect(afterFirst.frames - before.frames).toBe(7);
    // The sockets of one group got the very same bytes (only the operation id frames them).
    const raw = (s: Socket) => JSON.stringify(s.messages.filter((m) => m.type === 'next' && m.payload.data.sessionEvents.bid).map((m) => m.payload));
    expect(raw(a1)).toBe(raw(a2));
    expect(raw(organizers[0])).toBe(raw(organizers[1]));
  });

  it('closes a socket that stops reading with 4420 while the others keep receiving every event; it can subscribe again', async () => {
    const fairId = await fx.createFair(organizer);
    const community = await api.registerCommunity();
    const needId = await fx.postNeed(community.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId] });
    const org = await fx.organization(['ELDERLY_CARE']);
    // A plan of 4,000 characters: about 12 KB per event and subscription.
    const bidId = (await fx.submitBid(org.token, { needId, sessionId, plan: '上门助餐助洁，建立老人健康档案。'.repeat(250) })).data!.submitBid.id;

    const fast = open(organizer);
    await fast.subscribe('s', WITHOUT_PRICE, { id: sessionId });
    const slow = open(organizer);
    const slowIds = Array.from({ length: 20 }, (_, i) => `p${i}`);
    for (const id of slowIds) await slow.subscribe(id, WITH_PLAN, { id: sessionId });
    await untilSubscribed(sessionId, [[fast, 's'], ...slowIds.map((id): [Socket, string] => [slow, id])]);

    slow.pause();
    const dropped = fanout.counters.droppedSlowConsumers;
    const live = api.app.get(LiveEvents);
    const events = 60; // 60 × 20 × 12 KB ≈ 14 MB for the slow socket: more than the kernel holds
    for (let i = 0; i < events; i++) {
      await live.session({ type: SessionEventType.BID_SUBMITTED, sessionId, bidId });
      if (i % 10 === 9) await sleep(20);
    }
    // The fast socket has every event while the slow one reads nothing.
    await eventually(async () => fast.bids('s').length === events, `the fast socket to receive all ${events} events`, 30_000);
    expect(fanout.counters.droppedSlowConsumers).toBe(dropped + 1);

    // Reading again, the slow client finds the close after what was buffered.
    slow.resume();
    expect(await Promise.race([slow.closed, sleep(25_000).then(() => 'still open')])).toBe(4420);
    expect(slow.bids('p0').length).toBeLessThan(events);

    // It reconnects, subscribes again, and receives what comes next.
    const again = open(organizer);
    await again.subscribe('p0', WITH_PLAN, { id: sessionId });
    await untilSubscribed(sessionId, [[again, 'p0']]);
    await live.session({ type: SessionEventType.BID_SUBMITTED, sessionId, bidId });
    await eventually(async () => again.bids('p0').length === 1);
    expect(again.bids('p0')[0].plan).toHaveLength(4000);
  });

  it('sends fairStatsChanged at most every 250 ms per fair however many changes come, and always the last value', async () => {
    const fairId = await fx.createFair(organizer);
    const community = await api.registerCommunity();
    const needId = await fx.postNeed(community.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId] });
    const orgs = await Promise.all(Array.from({ length: 6 }, () => fx.organization(['ELDERLY_CARE'])));
    const screen = open(null);
    await screen.subscribe('f', 'subscription($id: ID!) { fairStatsChanged(fairId: $id) { bidsSubmitted } }', { id: fairId });
    const live = api.app.get(LiveEvents);
    await eventually(async () => {
      await live.fairStatsChanged(fairId);
      await sleep(50);
      return screen.next('f', 'fairStatsChanged').length > 0;
    });
    await sleep(FAIR_STATS_EVERY_MS * 2);
    const start = screen.next('f', 'fairStatsChanged').length;
    const startedAt = Date.now();

    // Six bids at once (each publishes a change) amid a storm of 100 more change notices.
    const storm = (async () => {
      for (let i = 0; i < 100; i++) await live.fairStatsChanged(fairId);
    })();
    const bids = await Promise.all(orgs.map((o) => fx.submitBid(o.token, { needId, sessionId })));
    await storm;
    const busyMs = Date.now() - startedAt;
    expect(bids.every((b) => !b.errors)).toBe(true);
    await sleep(FAIR_STATS_EVERY_MS * 3);

    const received = screen.next('f', 'fairStatsChanged').slice(start);
    // At most one delivery per 250 ms window of the burst, plus the trailing one.
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(received.length).toBeLessThanOrEqual(Math.ceil(busyMs / FAIR_STATS_EVERY_MS) + 2);
    const current = (await api.ok(`query($id: ID!) { fair(id: $id) { stats { bidsSubmitted } } }`, { id: fairId })).fair.stats.bidsSubmitted;
    expect(current).toBe(6);
    expect(received[received.length - 1]).toEqual({ bidsSubmitted: 6 });
  });
});
