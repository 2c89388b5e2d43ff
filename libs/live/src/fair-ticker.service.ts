import { SessionEventMessage, SessionEventType } from '@app/core';
import { ContractStatus } from '@app/contracts';
import { DirectoryService } from '@app/directory';
import { SessionsService } from '@app/fairs';
import { NeedsService } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { LiveSnapshotService } from './live-snapshot.service';
import { TickerFacts, tickerText } from './fair-ticker';
import { FairTickerEvent } from './models/fair-ticker-event.model';

/**
 * Turns a fair's session events into public ticker lines. The same message object
 * reaches every subscriber of this process, so the line is built once per message
 * (a WeakMap, gone with the message); every subscriber gets the same public line.
 */
/** Signed by both parties: who won and for how much is public from then on (as in the OCDS export). */
const SIGNED_CONTRACT_STATUSES: readonly ContractStatus[] = [ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.COMPLETED];

@Injectable()
export class FairTickerService {
  private readonly lines = new WeakMap<SessionEventMessage, Promise<FairTickerEvent | null>>();

  constructor(
    private readonly sessions: SessionsService,
    private readonly needs: NeedsService,
    private readonly directory: DirectoryService,
    private readonly snapshots: LiveSnapshotService,
  ) {}

  event(message: SessionEventMessage): Promise<FairTickerEvent | null> {
    let line = this.lines.get(message);
    if (!line) {
      line = message.type === SessionEventType.RUN_PROGRESS ? Promise.resolve(null) : this.build(message);
      this.lines.set(message, line);
    }
    return line;
  }

  private async build(message: SessionEventMessage): Promise<FairTickerEvent | null> {
    const facts = await this.facts(message);
    if (!facts) return null;
    const text = tickerText(facts);
    if (!text) return null;
    return Object.assign(new FairTickerEvent(), {
      type: message.type,
      at: new Date(message.at),
      sessionId: message.sessionId,
      domain: facts.need?.domain ?? null,
      district: facts.need?.district ?? null,
      text,
    });
  }

  /** The session, the need the event is about, and the public outcome of a run or a fully signed contract, from their owners. */
  private async facts(message: SessionEventMessage): Promise<TickerFacts | null> {
    const [session, snapshot] = await Promise.all([this.sessions.find(message.sessionId), this.snapshots.snapshot(message)]);
    if (!session) return null;
    const needId = snapshot.bid?.bid.needId ?? snapshot.proposal?.proposal.needId ?? snapshot.contract?.needId ?? null;
    const [need] = needId ? await this.needs.findNeeds([needId]) : [];
    const contract = snapshot.contract;
    const fullySigned = contract !== null && SIGNED_CONTRACT_STATUSES.includes(contract.status);
    const [organization] =
      message.type === SessionEventType.CONTRACT_SIGNED && contract && fullySigned ? await this.directory.findOrganizations([contract.organizationId]) : [];
    return {
      type: message.type,
      sessionTitle: session.title,
      sessionStatus: session.status,
      need: need ? { domain: need.domain, district: need.district } : null,
      run: snapshot.run ? { status: snapshot.run.status, assignedCount: snapshot.run.assignedCount } : null,
      signedContract: contract && organization ? { amountFen: Number(contract.amountFen), organizationName: organization.name } : null,
    };
  }
}
