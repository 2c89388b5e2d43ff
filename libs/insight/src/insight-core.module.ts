import { ContractsCoreModule } from '@app/contracts';
import { MatchingRunsCoreModule } from '@app/matching-runs';
import { Module } from '@nestjs/common';
import { ExportService } from './export/export.service';
import { InsightService } from './insight.service';

/** Insight's services without GraphQL or HTTP: reports, the gap map, what-if, exports. */
@Module({
  imports: [MatchingRunsCoreModule, ContractsCoreModule],
  providers: [InsightService, ExportService],
  exports: [InsightService, ExportService],
})
export class InsightCoreModule {}
