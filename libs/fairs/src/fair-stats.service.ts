import { channels, Fen, PUB_SUB } from '@app/core';
import { NeedPolicy } from '@app/needs';
import { ServiceDomain } from '@app/reference-data';
import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { BidStatus } from './entities/bid.entity';
import { FairsRepository } from './fairs.repository';
import { FairStats } from './models/fair.model';

/** Longest a fair's cached figures are served without an event saying they changed. */
export const FAIR_STATS_TTL_MS = 1_000;
/** Fairs whose figures are kept at most (a process serves a handful; an id scan must not grow the map). */
const MAX_CACHED_FAIRS = 500;

interface Cached {
  value: Promise<FairStats>;
  until: number;
}

/**
 * A fair's headline figures, computed from the records themselves: no counter to keep in
 * step, so the figures are exact whichever process changed what. Listed needs are the
 * public ones (NeedPolicy); withdrawn bids do not count; contracts count once both
 * parties signed (the contracts context's report view says which).
 *
 * `cached` serves the fair query (the hall's screens and the home page ask every few
 * seconds, hundreds of them) from memory: an entry lives at most FAIR_STATS_TTL_MS and is
 * dropped at once by a change this process makes (a bid here: `invalidate`) and by every
 * fair-stats event of the fair from any process (a run, an acceptance, a signature, a bid
 * on another api process), which is what the live screens refresh on. The figures are
 * public aggregates: no party's bid or contract is ever read from this cache (those are
 * read from their own tables on every request), so what may lag, by at most the TTL, is a
 * count on a screen. `forFair` always computes (the live subscription, on each event).
 */
@Injectable()
export class FairStatsService implements OnModuleDestroy {
  private readonly logger = new Logger(FairStatsService.name);
  private readonly cache = new Map<string, Cached>();
  /** Subscriptions to each cached fair's fair-stats channel, by fair. */
  private readonly watching = new Map<string, Promise<number | null>>();
  /** How long an entry lives without an event (tests lengthen it to see the events at work). */
  ttlMs = FAIR_STATS_TTL_MS;

  constructor(
    private readonly repo: FairsRepository,
    @Optional() @Inject(PUB_SUB) private readonly pubSub: PubSubEngine | null = null,
  ) {}

  async forFair(fairId: string): Promise<FairStats> {
    const { totals, byDomain, byDistrict } = await this.repo.stats(fairId, NeedPolicy.publicStatuses, BidStatus.WITHDRAWN);
    return Object.assign(new FairStats(), {
      needsListed: totals.needs_listed,
      organizationsParticipating: totals.organizations,
      bidsSubmitted: totals.bids,
      proposals: totals.proposals,
      contractsSigned: totals.contracts,
      amountSigned: Number(totals.amount) as Fen,
      byDomain: byDomain.map((r) => ({ domain: r.k as ServiceDomain, needs: r.needs, contracts: r.contracts, amountSigned: Number(r.amount) })),
      byDistrict: byDistrict.map((r) => ({ district: r.k, needs: r.needs, contracts: r.contracts, amountSigned: Number(r.amount) })),
    });
  }

  /** The figures from memory when fresh (see the class), else computed once for every reader waiting. */
  cached(fairId: string): Promise<FairStats> {
    const now = Date.now();
    const hit = this.cache.get(fairId);
    if (hit && hit.until > now) return hit.value;
    if (this.cache.size >= MAX_CACHED_FAIRS) this.cache.clear();
    const entry: Cached = { value: this.forFair(fairId), until: now + this.ttlMs };
    this.cache.set(fairId, entry);
    // A failed computation is not kept.
    entry.value.catch(() => this.cache.get(fairId) === entry && this.cache.delete(fairId));
    this.watch(fairId);
    return entry.value;
  }

  /**
   * After a change to the fair's figures has committed. Dropping the entry also drops a
   * computation still under way (it may have read the state before the change): the next
   * reader computes again.
   */
  invalidate(fairId: string): void {
    this.cache.delete(fairId);
  }

  async onModuleDestroy(): Promise<void> {
    const ids = await Promise.all(this.watching.values());
    this.watching.clear();
    for (const id of ids) if (id !== null) this.pubSub?.unsubscribe(id);
  }

  /** Once per fair: its fair-stats events, from whichever process, drop its entry. */
  private watch(fairId: string): void {
    if (!this.pubSub || this.watching.has(fairId) || this.watching.size >= MAX_CACHED_FAIRS) return;
    this.watching.set(
      fairId,
      this.pubSub
        .subscribe(channels.fairStats(fairId), () => this.invalidate(fairId), {})
        .catch((error: Error) => {
          // Without the events the TTL alone bounds how long figures lag; try again on a later read.
          this.logger.warn(`fair-stats events of ${fairId} not followed: ${error.message}`);
          this.watching.delete(fairId);
          return null;
        }),
    );
  }
}
