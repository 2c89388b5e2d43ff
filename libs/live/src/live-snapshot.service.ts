import { Principal, SessionEventMessage, SessionEventType } from '@app/core';
import { ComplaintEntity, ComplaintPolicy, ComplaintsService } from '@app/complaints';
import { ContractEntity, ContractPolicy, ContractsService } from '@app/contracts';
import { BidPolicy, BidsService, BidWithNeedFacts } from '@app/fairs';
import { MatchingRunsService, MatchProposalEntity, MatchRunEntity, ProposalPolicy, ProposalsService } from '@app/matching-runs';
import { Injectable } from '@nestjs/common';

/** The records one message names, loaded once for every subscriber of this process. */
export interface EventSnapshot {
  bid: BidWithNeedFacts | null;
  run: MatchRunEntity | null;
  proposal: { proposal: MatchProposalEntity; needCommunityId: string } | null;
  contract: ContractEntity | null;
  complaint: ComplaintEntity | null;
}

/**
 * Loads what a live message names, from the owners' services, and decides, per
 * visibility class of subscriber (LiveFanout asks once per class and message), whether
 * it may see it, with the owners' policies (the same objects that filter the queries).
 *
 * The pub/sub engines hand the same parsed message object to every subscription of
 * this process, so the snapshot is memoised on that object (a WeakMap, gone with the
 * message): one read per message and process instead of one per subscriber, which
 * is what lets hundreds of screens watch one session. The snapshot holds records as
 * they were when the message arrived, never a cache across messages; who may read
 * them is decided for each subscriber afterwards.
 */
@Injectable()
export class LiveSnapshotService {
  private readonly snapshots = new WeakMap<SessionEventMessage, Promise<EventSnapshot>>();

  constructor(
    private readonly bids: BidsService,
    private readonly runs: MatchingRunsService,
    private readonly proposals: ProposalsService,
    private readonly contracts: ContractsService,
    private readonly complaints: ComplaintsService,
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
        return s.bid !== null && BidPolicy.canRead(principal, s.bid.bid, s.bid.needCommunityId);
      case SessionEventType.PROPOSAL_ACCEPTED:
      case SessionEventType.PROPOSAL_DECLINED:
        return s.proposal !== null && ProposalPolicy.canRead(principal, s.proposal.proposal, s.proposal.needCommunityId);
      case SessionEventType.CONTRACT_CREATED:
      case SessionEventType.CONTRACT_SIGNED:
        return s.contract !== null && ContractPolicy.canRead(principal, s.contract);
      case SessionEventType.COMPLAINT_FILED:
      case SessionEventType.COMPLAINT_WITHDRAWN:
      case SessionEventType.COMPLAINT_RESOLVED:
        return s.complaint !== null && ComplaintPolicy.canRead(principal, s.complaint);
      case SessionEventType.RUN_PROGRESS:
      case SessionEventType.RUN_FINISHED:
      case SessionEventType.SESSION_STATUS_CHANGED:
        return true;
      default:
        return false;
    }
  }

  private async load(message: SessionEventMessage): Promise<EventSnapshot> {
    const [bid, run, proposal, contract, complaint] = await Promise.all([
      message.bidId ? this.bids.withNeedFacts([message.bidId]).then((rows) => rows[0] ?? null) : null,
      message.runId ? this.runs.findRun(message.runId) : null,
      message.proposalId ? this.proposals.withNeedFacts(message.proposalId) : null,
      message.contractId ? this.contracts.findByIds([message.contractId]).then((rows) => rows[0] ?? null) : null,
      message.complaintId ? this.complaints.findByIds([message.complaintId]).then((rows) => rows[0] ?? null) : null,
    ]);
    return { bid, run, proposal, contract, complaint };
  }
}
