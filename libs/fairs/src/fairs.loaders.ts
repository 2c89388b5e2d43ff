import { byKeys, groupByKeys, RequestContext, requestLoader } from '@app/core';
import { ServiceNeedEntity } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { BidsService } from './bids.service';
import { BidEntity } from './entities/bid.entity';
import { FairEntity } from './entities/fair.entity';
import { MatchSessionEntity } from './entities/match-session.entity';
import { FairsService } from './fairs.service';
import { SessionsService } from './sessions.service';

/** Batch loads for fairs, sessions and bids, one DataLoader per request (see requestLoader). */
@Injectable()
export class FairsLoaders {
  constructor(
    private readonly fairs: FairsService,
    private readonly sessions: SessionsService,
    private readonly bids: BidsService,
  ) {}

  fair(ctx: RequestContext) {
    return requestLoader<string, FairEntity | null>(ctx, 'fairs.fair', async (ids) => byKeys(ids, await this.fairs.findMany(ids), (f) => f.id));
  }

  session(ctx: RequestContext) {
    return requestLoader<string, MatchSessionEntity | null>(ctx, 'fairs.session', async (ids) => byKeys(ids, await this.sessions.findMany(ids), (s) => s.id));
  }

  sessionsOfFair(ctx: RequestContext) {
    return requestLoader<string, MatchSessionEntity[]>(ctx, 'fairs.sessionsOfFair', async (ids) =>
      groupByKeys(ids, await this.sessions.sessionsOfFairs(ids), (s) => s.fairId),
    );
  }

  needsOfSession(ctx: RequestContext) {
    return requestLoader<string, ServiceNeedEntity[]>(ctx, 'fairs.needsOfSession', async (ids) =>
      groupByKeys(ids, await this.sessions.needsOfSessions(ids), (row) => row.sessionId).map((rows) => rows.map((r) => r.need)),
    );
  }

  sessionsOfNeed(ctx: RequestContext) {
    return requestLoader<string, MatchSessionEntity[]>(ctx, 'fairs.sessionsOfNeed', async (ids) =>
      groupByKeys(ids, await this.sessions.sessionsOfNeeds(ids), (row) => row.needId).map((rows) => rows.map((r) => r.session)),
    );
  }

  /**
   * Bids by id with no visibility applied: only for objects whose own rule already let
   * the caller in, or followed by canReadBid.
   */
  bid(ctx: RequestContext) {
    return requestLoader<string, BidEntity | null>(ctx, 'fairs.bid', async (ids) => byKeys(ids, await this.bids.findMany(ids), (b) => b.id));
  }

  /** The bids on a need that this request's caller may read (the principal is part of the request). */
  visibleBidsOnNeed(ctx: RequestContext) {
    return requestLoader<string, BidEntity[]>(ctx, 'fairs.visibleBidsOnNeed', async (ids) =>
      groupByKeys(ids, await this.bids.visibleOnNeeds(ctx.principal, ids), (b) => b.needId),
    );
  }
}
