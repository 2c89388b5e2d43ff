import { DirectoryService } from '@app/directory';
import { BidsService, SessionsService } from '@app/fairs';
import { NeedsService, NeedStatus } from '@app/needs';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EngineInput } from './engine-thread';

/** Statuses a run matches: PUBLISHED, and MATCHED for a re-run of the same session. */
export const MATCHABLE_NEED_STATUSES: readonly NeedStatus[] = [NeedStatus.PUBLISHED, NeedStatus.MATCHED];

/**
 * What the engine reads of a session as it stands now, from the owners: the needs on its
 * table still open to matching (needs), the organizations with a free slot (directory),
 * its bids (fairs). A run and a what-if comparison read exactly this.
 */
@Injectable()
export class SessionInputs {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: SessionsService,
    private readonly needs: NeedsService,
    private readonly directory: DirectoryService,
    private readonly bids: BidsService,
  ) {}

  async read(sessionId: string): Promise<Pick<EngineInput, 'needs' | 'organizations' | 'bids'>> {
    const manager = this.db.manager;
    const [needs, organizations, bids] = await Promise.all([
      this.sessions.needIdsOnTable(manager, sessionId).then((ids) => this.needs.matchInputs(manager, ids, MATCHABLE_NEED_STATUSES)),
      this.directory.matchingCandidates(),
      this.bids.matchInputsOfSession(manager, sessionId),
    ]);
    return { needs, organizations, bids };
  }
}
