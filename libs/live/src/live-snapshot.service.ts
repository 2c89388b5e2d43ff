import { isOrganizerOrAdmin, Principal, Role, SessionEventMessage, SessionEventType } from '@app/core';
import { ContractEntity, ContractsService } from '@app/contracts';
import { BidsService, BidWithNeedFacts, canReadBid } from '@app/fairs';
import { MatchProposalEntity, MatchRunEntity } from '@app/matching-runs';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The records one message names, loaded once for every subscriber of this process. */
export interface EventSnapshot {
  bid: BidWithNeedFacts | null;
  run: MatchRunEntity | null;
  proposal: { proposal: MatchProposalEntity; needCommunityId: string } | null;
  contract: ContractEntity | null;
}

/**
 * Loads what a live message names and decides, per subscriber, whether it may see it.
 *
 * The pub/sub engines hand the same parsed message object to every subscription of
 * this process, so the snapshot is memoised on that object (a WeakMap, gone with the
 * message): one query per message and process instead of one per subscriber, which
 * is what lets hundreds of screens watch one session. The snapshot holds records as
 * they were when the message arrived, never a cache across messages; who may read
 * them is decided for each subscriber afterwards.
 */
@Injectable()
export class LiveSnapshotService {
  private readonly snapshots = new WeakMap<SessionEventMessage, Promise<EventSnapshot>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bids: BidsService,
    private readonly contracts: ContractsService,
  ) {}

  snapshot(message: SessionEventMessage): Promise<EventSnapshot> {
    let snapshot = this.snapshots.get(message);
    if (!snapshot) {
      snapshot = this.load(message);
      this.snapshots.set(message, snapshot);
    }
    return snapshot;
  }

  /**
   * Whether this subscriber receives the event at all: an event about a bid, a
   * proposal or a contract goes only to those who may read that object (so, before
   * the deadline as after, an organization never learns another's bid or price);
   * session status and run progress are the session's public record.
   */
  async mayReceive(principal: Principal | null, message: SessionEventMessage): Promise<boolean> {
    if (!principal) return false;
    const s = await this.snapshot(message);
    switch (message.type) {
      case SessionEventType.BID_SUBMITTED:
      case SessionEventType.BID_WITHDRAWN:
        return s.bid !== null && canReadBid(principal, s.bid.bid, s.bid.needCommunityId);
      case SessionEventType.PROPOSAL_ACCEPTED:
      case SessionEventType.PROPOSAL_DECLINED:
        return s.proposal !== null && canReadProposal(principal, s.proposal.proposal, s.proposal.needCommunityId);
      case SessionEventType.CONTRACT_CREATED:
      case SessionEventType.CONTRACT_SIGNED:
        return s.contract !== null && this.contracts.canRead(principal, s.contract);
      case SessionEventType.RUN_PROGRESS:
      case SessionEventType.RUN_FINISHED:
      case SessionEventType.SESSION_STATUS_CHANGED:
        return true;
      default:
        return false;
    }
  }

  private async load(message: SessionEventMessage): Promise<EventSnapshot> {
    const [bid, run, proposal, contract] = await Promise.all([
      message.bidId ? this.bids.withNeedFacts([message.bidId]).then((rows) => rows[0] ?? null) : null,
      message.runId ? this.db.getRepository(MatchRunEntity).findOneBy({ id: message.runId }) : null,
      message.proposalId ? this.loadProposal(message.proposalId) : null,
      message.contractId ? this.db.getRepository(ContractEntity).findOneBy({ id: message.contractId }) : null,
    ]);
    return { bid, run, proposal, contract };
  }

  private async loadProposal(id: string): Promise<EventSnapshot['proposal']> {
    const proposal = await this.db.getRepository(MatchProposalEntity).findOneBy({ id });
    if (!proposal) return null;
    const [need] = await this.db.query('SELECT community_id FROM service_needs WHERE id = $1', [proposal.needId]);
    return { proposal, needCommunityId: need.community_id };
  }
}

/** The same rule as the proposals query: organizers and admins, the need's community, the proposal's organization. */
export function canReadProposal(principal: Principal, proposal: { organizationId: string }, needCommunityId: string): boolean {
  if (isOrganizerOrAdmin(principal)) return true;
  if (principal.role === Role.COMMUNITY) return principal.communityId === needCommunityId;
  if (principal.role === Role.ORGANIZATION) return principal.organizationId === proposal.organizationId;
  return false;
}
