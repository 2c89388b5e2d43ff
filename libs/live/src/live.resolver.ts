import { channels, FairStatsChangedMessage, LiveFeed, Public, RequestContext, SessionEventMessage } from '@app/core';
import { Complaint, ComplaintPolicy } from '@app/complaints';
import { Contract, ContractPolicy } from '@app/contracts';
import { Bid, BidPolicy, FairStats, FairStatsService, FairsService, SessionsService } from '@app/fairs';
import { MatchProposal, MatchRun, ProposalPolicy } from '@app/matching-runs';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { FairTickerService } from './fair-ticker.service';
import { LiveFanout } from './live-fanout';
import { LiveSnapshotService } from './live-snapshot.service';
import { FairTickerEvent } from './models/fair-ticker-event.model';
import { SessionEvent } from './models/session-event.model';

/**
 * Live subscriptions over graphql-ws. The caller was authenticated when the socket
 * opened (see AppGraphQLModule); the source resolvers check what is asked for and
 * hand the subscription to the fan-out (LiveFanout), which decides per visibility
 * class with the owners' policies and executes once per class, so nobody receives
 * an object it may not read and the work per event does not grow with subscribers.
 */
/** fairStatsChanged at most this often per fair and process (the figures are recomputed for each delivery, so the last one is current). */
export const FAIR_STATS_EVERY_MS = 250;

@Resolver(() => SessionEvent)
export class LiveResolver {
  /** Fair figures computed once per message for every subscriber of this process (same object, see LiveSnapshotService). */
  private readonly stats = new WeakMap<FairStatsChangedMessage, Promise<FairStats>>();

  constructor(
    private readonly fanout: LiveFanout,
    private readonly sessions: SessionsService,
    private readonly fairs: FairsService,
    private readonly fairStats: FairStatsService,
    private readonly snapshots: LiveSnapshotService,
    private readonly ticker: FairTickerService,
  ) {}

  @Subscription(() => SessionEvent, {
    description:
      "What happens in a session, as the subscriber may see it: bid events reach only those who may read the bid (its organization, the need's community, organizers).",
    resolve(this: LiveResolver, message: SessionEventMessage, _args: unknown, ctx: RequestContext) {
      return this.toEvent(message, ctx);
    },
  })
  async sessionEvents(@Args('sessionId', { type: () => ID }) sessionId: string): Promise<LiveFeed> {
    await this.sessions.get(sessionId);
    return this.fanout.feed<SessionEventMessage>(channels.session(sessionId), {
      audience: 'principal',
      mayReceive: (message, principal) => message.sessionId === sessionId && this.snapshots.mayReceive(principal, message),
    });
  }

  @Public()
  @Subscription(() => FairStats, {
    description:
      "Also on a socket without a token (the hall's big screens): the figures are public. Sent again when they may have changed, at most 4 times a second (the last change always sent).",
    resolve(this: LiveResolver, message: FairStatsChangedMessage) {
      let stats = this.stats.get(message);
      if (!stats) {
        stats = this.fairStats.forFair(message.fairId);
        this.stats.set(message, stats);
      }
      return stats;
    },
  })
  async fairStatsChanged(@Args('fairId', { type: () => ID }) fairId: string): Promise<LiveFeed> {
    await this.fairs.get(fairId);
    // Public (FairStats has no field that depends on the caller): one execution per delivery for every screen.
    return this.fanout.feed<FairStatsChangedMessage>(channels.fairStats(fairId), {
      audience: 'public',
      mayReceive: (message) => message.fairId === fairId,
      coalesceMs: FAIR_STATS_EVERY_MS,
    });
  }

  @Public()
  @Subscription(() => FairTickerEvent, {
    description:
      "Public, also without a token: what happens in the fair, as anyone may see it. Before a session's deadline a bid event names neither the organization nor the price.",
    resolve(this: LiveResolver, message: SessionEventMessage) {
      return this.ticker.event(message);
    },
  })
  async fairTicker(@Args('fairId', { type: () => ID }) fairId: string): Promise<LiveFeed> {
    await this.fairs.get(fairId);
    // Public lines (FairTickerEvent has no field that depends on the caller): one class for every screen.
    return this.fanout.feed<SessionEventMessage>(channels.fairEvents(fairId), {
      audience: 'public',
      mayReceive: (message) => message.fairId === fairId && this.ticker.event(message).then((line) => line !== null),
    });
  }

  /** Each object the message names, only when this subscriber may read it (a message can name several). */
  private async toEvent(message: SessionEventMessage, ctx: RequestContext): Promise<SessionEvent> {
    const s = await this.snapshots.snapshot(message);
    const principal = ctx.principal;
    const event = new SessionEvent();
    event.type = message.type;
    event.at = new Date(message.at);
    event.sessionId = message.sessionId;
    event.bid = s.bid && BidPolicy.canRead(principal, s.bid.bid, s.bid.needCommunityId) ? Bid.from(s.bid.bid) : null;
    event.run = s.run ? MatchRun.from(s.run) : null;
    event.proposal =
      s.proposal && ProposalPolicy.canRead(principal, s.proposal.proposal, s.proposal.needCommunityId) ? MatchProposal.from(s.proposal.proposal) : null;
    event.contract = s.contract && ContractPolicy.canRead(principal, s.contract) ? Contract.from(s.contract) : null;
    event.complaint = s.complaint && ComplaintPolicy.canRead(principal, s.complaint) ? Complaint.from(s.complaint) : null;
    return event;
  }
}
