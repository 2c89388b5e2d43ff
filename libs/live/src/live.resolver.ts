import { channels, FairStatsChangedMessage, notFound, PUB_SUB, RequestContext, SessionEventMessage } from '@app/core';
import { Contract, ContractsService } from '@app/contracts';
import { Bid, canReadBid, FairStats, FairStatsService, FairsService, SessionsService } from '@app/fairs';
import { MatchProposal, MatchRun } from '@app/matching-runs';
import { Inject } from '@nestjs/common';
import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { PubSubEngine } from 'graphql-subscriptions';
import { canReadProposal, LiveSnapshotService } from './live-snapshot.service';
import { SessionEvent } from './models/session-event.model';

/**
 * Live subscriptions over graphql-ws. The caller was authenticated when the socket
 * opened (see AppGraphQLModule); every message is then filtered and resolved for
 * each subscriber, so nobody receives an object it may not read.
 */
@Resolver(() => SessionEvent)
export class LiveResolver {
  /** Fair figures computed once per message for every subscriber of this process (same object, see LiveSnapshotService). */
  private readonly stats = new WeakMap<FairStatsChangedMessage, Promise<FairStats>>();

  constructor(
    @Inject(PUB_SUB) private readonly pubSub: PubSubEngine,
    private readonly sessions: SessionsService,
    private readonly fairs: FairsService,
    private readonly fairStats: FairStatsService,
    private readonly snapshots: LiveSnapshotService,
    private readonly contracts: ContractsService,
  ) {}

  @Subscription(() => SessionEvent, {
    description: 'What happens in a session, as the subscriber may see it: bid events reach only those who may read the bid (its organization, the need\'s community, organizers).',
    filter(this: LiveResolver, message: SessionEventMessage, variables: { sessionId: string }, ctx: RequestContext) {
      return message.sessionId === variables.sessionId && this.snapshots.mayReceive(ctx.principal, message);
    },
    resolve(this: LiveResolver, message: SessionEventMessage, _args: unknown, ctx: RequestContext) {
      return this.toEvent(message, ctx);
    },
  })
  async sessionEvents(@Args('sessionId', { type: () => ID }) sessionId: string): Promise<AsyncIterableIterator<SessionEventMessage>> {
    if (!(await this.sessions.find(sessionId))) throw notFound('MatchSession', sessionId);
    return this.pubSub.asyncIterableIterator<SessionEventMessage>(channels.session(sessionId));
  }

  @Subscription(() => FairStats, {
    description: "The fair's figures, again each time they may have changed.",
    filter: (message: FairStatsChangedMessage, variables: { fairId: string }) => message.fairId === variables.fairId,
    resolve(this: LiveResolver, message: FairStatsChangedMessage) {
      let stats = this.stats.get(message);
      if (!stats) {
        stats = this.fairStats.forFair(message.fairId);
        this.stats.set(message, stats);
      }
      return stats;
    },
  })
  async fairStatsChanged(@Args('fairId', { type: () => ID }) fairId: string): Promise<AsyncIterableIterator<FairStatsChangedMessage>> {
    if (!(await this.fairs.find(fairId))) throw notFound('Fair', fairId);
    return this.pubSub.asyncIterableIterator<FairStatsChangedMessage>(channels.fairStats(fairId));
  }

  /** Each object the message names, only when this subscriber may read it (a message can name several). */
  private async toEvent(message: SessionEventMessage, ctx: RequestContext): Promise<SessionEvent> {
    const s = await this.snapshots.snapshot(message);
    const principal = ctx.principal;
    const event = new SessionEvent();
    event.type = message.type;
    event.at = new Date(message.at);
    event.sessionId = message.sessionId;
    event.bid = s.bid && canReadBid(principal, s.bid.bid, s.bid.needCommunityId) ? Bid.from(s.bid.bid) : null;
    event.run = s.run ? MatchRun.from(s.run) : null;
    event.proposal = s.proposal && principal && canReadProposal(principal, s.proposal.proposal, s.proposal.needCommunityId) ? MatchProposal.from(s.proposal.proposal) : null;
    event.contract = s.contract && principal && this.contracts.canRead(principal, s.contract) ? Contract.from(s.contract) : null;
    return event;
  }
}
