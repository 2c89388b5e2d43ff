import { Module } from '@nestjs/common';
import { ExportController } from './export/export.controller';
import { InsightCoreModule } from './insight-core.module';
import { InsightResolver } from './insight.resolver';

/** The api side of insight: the GraphQL queries and mutation, and the export downloads. */
@Module({
  imports: [InsightCoreModule],
  providers: [InsightResolver],
  controllers: [ExportController],
})
export class InsightModule {}
