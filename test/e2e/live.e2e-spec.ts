import { LiveEvents, SessionEventType } from '@app/core';
import { INestApplicationContext } from '@nestjs/common';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createWorkerApp } from '../../apps/worker/src/bootstrap';
import { TestApi } from './support/api';
import { eventually, FairFixtures, sleep } from './support/fairs';

jest.setTimeout(60_000);

const SESSION_EVENTS = `subscription($id: ID!) { sessionEvents(sessionId: $id) {
  type at sessionId bid { id price status organization { id } need { id } } run { id } proposal { id } contract { id } } }`;

interface Received {
  type: string;
  at: string;
  sessionId: string;
  bid: { id: string; price: string; status: string; organization: { id: string }; need: { id: string } } | null;
}

/** One graphql-ws socket, authenticated at connection time, collecting what one subscription delivers. */
class Watcher {
  readonly events: Received[] = [];
  readonly errors: unknown[] = [];
  readonly client: Client;

  constructor(
    url: string,
    token: string | null,
    query: string,
    variables: Record<string, unknown>,
    private readonly field = 'sessionEvents',
  ) {
    this.client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      onNonLazyError: (error) => this.errors.push(error),
    });
    this.client.subscribe(
      { query, variables },
      {
        next: (result) => (result.errors ? this.errors.push(result.errors) : this.events.push((result.data as Record<string, Received>)[this.field])),
        error: (error) => this.errors.push(error),
        complete: () => undefined,
      },
    );
  }

  bids(type: string) {
    return this.events.filter((e) => e.type === type).map((e) => e.bid);
  }

  dispose() {
    return this.client.dispose();
  }
}

describe('live session events (e2e)', () => {
  let api: TestApi;
  let fx: FairFixtures;
  let organizer: string;
  let community: { token: string; communityId: string };
  let fairId: string;
  const watchers: Watcher[] = [];
  const watch = (token: string | null, query: string, variables: Record<string, unknown>, field?: string) => {
    const w = new Watcher(api.url, token, query, variables, field);
    watchers.push(w);
    return w;
  };

  beforeAll(async () => {
    api = await TestApi.start();
    fx = new FairFixtures(api);
    organizer = await api.organizerToken();
    community = await api.registerCommunity();
    fairId = await fx.createFair(organizer);
  });
  afterAll(async () => {
    await Promise.all(watchers.map((w) => w.dispose()));
    await api.stop();
  });

  /** Publishes status probes until every watcher has one: only then are all subscriptions in place. */
  async function untilSubscribed(sessionId: string, ...ws: Watcher[]) {
    const live = api.app.get(LiveEvents);
    await eventually(
      async () => {
        await live.session({ type: SessionEventType.SESSION_STATUS_CHANGED, sessionId });
        await sleep(50);
        return ws.every((w) => w.events.some((e) => e.type === 'SESSION_STATUS_CHANGED'));
      },
      'every subscriber to receive the probe event',
      10_000,
    );
  }

  it("delivers each bid only to those who may read it: never another organization's bid or price", async () => {
    const needId = await fx.postNeed(community.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId] });
    const a = await fx.organization(['ELDERLY_CARE']);
    const b = await fx.organization(['ELDERLY_CARE']);
    const stranger = await api.registerCommunity();
    const [wa, wb, wc, wo, ws] = [a.token, b.token, community.token, organizer, stranger.token].map((t) => watch(t, SESSION_EVENTS, { id: sessionId }));
    await untilSubscribed(sessionId, wa, wb, wc, wo, ws);

    const bidA = (await fx.submitBid(a.token, { needId, price: '41000.00' })).data!.submitBid.id;
    const bidB = (await fx.submitBid(b.token, { needId, price: '39000.00' })).data!.submitBid.id;
    await api.ok(`mutation($id: ID!) { withdrawBid(id: $id) { id } }`, { id: bidB }, b.token);
    await eventually(async () => wc.bids('BID_WITHDRAWN').length === 1 && wo.bids('BID_WITHDRAWN').length === 1 && wb.bids('BID_WITHDRAWN').length === 1);
    await sleep(300); // anything wrongly sent to the others would have arrived by now

    expect(wc.bids('BID_SUBMITTED')).toEqual([
      { id: bidA, price: '41000.00', status: 'SUBMITTED', organization: { id: a.organizationId }, need: { id: needId } },
      { id: bidB, price: '39000.00', status: 'SUBMITTED', organization: { id: b.organizationId }, need: { id: needId } },
    ]);
    expect(wo.bids('BID_SUBMITTED').map((x) => x!.id)).toEqual([bidA, bidB]);
    expect(wa.bids('BID_SUBMITTED').map((x) => x!.id)).toEqual([bidA]);
    expect(wa.bids('BID_WITHDRAWN')).toEqual([]);
    expect(wb.bids('BID_SUBMITTED').map((x) => x!.id)).toEqual([bidB]);
    expect(wb.bids('BID_WITHDRAWN').map((x) => x!.status)).toEqual(['WITHDRAWN']);
    expect(ws.events.filter((e) => e.type.startsWith('BID_'))).toEqual([]);
    // No delivered payload anywhere carries the other organization's price.
    expect(JSON.stringify(wa.events)).not.toContain('39000.00');
    expect(JSON.stringify(wb.events)).not.toContain('41000.00');
    for (const e of wc.events) expect(Date.parse(e.at)).not.toBeNaN();
    expect([wa, wb, wc, wo, ws].flatMap((w) => w.errors)).toEqual([]);
  });

  it('delivers an event published by another process (the worker closing bidding at the deadline)', async () => {
    const needId = await fx.postNeed(community.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId], deadlineMs: 2500 });
    const a = await fx.organization(['ELDERLY_CARE']);
    const b = await fx.organization(['ELDERLY_CARE']);
    const bidA = (await fx.submitBid(a.token, { needId })).data!.submitBid.id;
    const wo = watch(organizer, SESSION_EVENTS, { id: sessionId });
    const wa = watch(a.token, SESSION_EVENTS, { id: sessionId });
    const wb = watch(b.token, SESSION_EVENTS, { id: sessionId });
    await untilSubscribed(sessionId, wo, wa, wb);
    const probes = wo.events.length;

    let worker: INestApplicationContext | null = null;
    try {
      worker = await createWorkerApp();
      // The worker's own LiveEvents (its own pub/sub connections) raising a bid event: the right subscribers only.
      await worker.get(LiveEvents).session({ type: SessionEventType.BID_SUBMITTED, sessionId, fairId, bidId: bidA });
      await eventually(async () => wa.bids('BID_SUBMITTED').length === 1 && wo.bids('BID_SUBMITTED').length === 1);
      // And the worker's periodic job closes bidding at the deadline and says so.
      const closed = await eventually(
        async () => wo.events.slice(probes).find((e) => e.type === 'SESSION_STATUS_CHANGED'),
        'SESSION_STATUS_CHANGED from the worker',
        15_000,
      );
      expect(closed.sessionId).toBe(sessionId);
      const status = await api.ok(`query($id: ID!) { session(id: $id) { status } }`, { id: sessionId });
      expect(status.session.status).toBe('CLOSED_FOR_BIDS');
    } finally {
      await worker?.close();
    }
    expect(wb.bids('BID_SUBMITTED')).toEqual([]);
  });

  it("sends the fair's figures again when a bid changes them", async () => {
    const needId = await fx.postNeed(community.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId] });
    const a = await fx.organization(['ELDERLY_CARE']);
    const before = (await api.ok(`query($id: ID!) { fair(id: $id) { stats { bidsSubmitted } } }`, { id: fairId })).fair.stats.bidsSubmitted;
    const stats = watch(
      community.token,
      `subscription($id: ID!) { fairStatsChanged(fairId: $id) { bidsSubmitted needsListed } }`,
      { id: fairId },
      'fairStatsChanged',
    );
    const live = api.app.get(LiveEvents);
    await eventually(async () => {
      await live.fairStatsChanged(fairId);
      await sleep(50);
      return stats.events.length > 0;
    });
    await fx.submitBid(a.token, { needId, sessionId });
    await eventually(async () => stats.events.some((e) => (e as unknown as { bidsSubmitted: number }).bidsSubmitted === before + 1));
  });

  it('refuses a forged token, answers an anonymous socket only on public subscriptions, and an unknown session with NOT_FOUND', async () => {
    const anonymous = watch(null, SESSION_EVENTS, { id: '00000000-0000-4000-8000-000000000000' });
    const forged = watch('not-a-token', SESSION_EVENTS, { id: '00000000-0000-4000-8000-000000000000' });
    const unknown = watch(organizer, SESSION_EVENTS, { id: '00000000-0000-4000-8000-000000000000' });
    await eventually(async () => anonymous.errors.length > 0 && forged.errors.length > 0 && unknown.errors.length > 0);
    expect(JSON.stringify(unknown.errors)).toContain('MatchSession 00000000-0000-4000-8000-000000000000 not found');
    expect(JSON.stringify(unknown.errors)).toContain('"code":"NOT_FOUND"');
    // The anonymous socket stays open, but sessionEvents is not public.
    expect(JSON.stringify(anonymous.errors)).toContain('"code":"UNAUTHENTICATED"');
    // A token that does not verify closes the socket (4403 Forbidden).
    expect(JSON.stringify(forged.errors)).not.toContain('UNAUTHENTICATED');
    expect((forged.errors[0] as { code?: number }).code).toBe(4403);
    expect(anonymous.events).toEqual([]);
    expect(forged.events).toEqual([]);
  });

  it("gives a socket without a token the fair's figures and a ticker that names neither bidder nor price before the deadline", async () => {
    const needId = await fx.postNeed(community.token, { fairId });
    const sessionId = await fx.openSession(organizer, fairId, { needIds: [needId] });
    const a = await fx.organization(['ELDERLY_CARE']);
    const stats = watch(null, `subscription($id: ID!) { fairStatsChanged(fairId: $id) { bidsSubmitted } }`, { id: fairId }, 'fairStatsChanged');
    const ticker = watch(null, `subscription($id: ID!) { fairTicker(fairId: $id) { type at sessionId domain district text } }`, { id: fairId }, 'fairTicker');
    // Wait until both subscriptions are live: a figures message reaches the stats watcher.
    const live = api.app.get(LiveEvents);
    await eventually(async () => {
      await live.fairStatsChanged(fairId);
      await sleep(50);
      return stats.events.length > 0;
    });
    const bid = await fx.submitBid(a.token, { needId, sessionId, price: '12345.00' });
    expect(bid.errors).toBeUndefined();
    await eventually(async () => ticker.events.some((e) => e.type === 'BID_SUBMITTED'));
    const line = ticker.events.find((e) => e.type === 'BID_SUBMITTED') as unknown as { text: string; sessionId: string; domain: string; district: string };
    expect(line.sessionId).toBe(sessionId);
    expect(line.domain).toBeTruthy();
    expect(line.text).toContain('新增投标');
    expect(line.text).toContain(line.district);
    const org = (await api.ok(`query($id: ID!) { organization(id: $id) { name } }`, { id: a.organizationId })).organization.name as string;
    expect(line.text).not.toContain(org);
    expect(line.text).not.toContain('12345');
    expect(line.text).not.toContain('12,345');
    expect(stats.errors).toEqual([]);
    expect(ticker.errors).toEqual([]);
  });
});
