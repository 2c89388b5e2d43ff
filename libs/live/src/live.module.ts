import { ComplaintsModule } from '@app/complaints';
import { ContractsModule } from '@app/contracts';
import { FairsModule } from '@app/fairs';
import { MatchingRunsModule } from '@app/matching-runs';
import { Module } from '@nestjs/common';
import { LiveResolver } from './live.resolver';
import { LiveSnapshotService } from './live-snapshot.service';
import { FairTickerService } from './fair-ticker.service';
import { LiveFanout } from './live-fanout';

/** The live subscriptions; api only (the worker publishes through LiveEvents in core). */
@Module({
  imports: [FairsModule, MatchingRunsModule, ContractsModule, ComplaintsModule],
  providers: [LiveSnapshotService, FairTickerService, LiveFanout, LiveResolver],
})
export class LiveModule {}
