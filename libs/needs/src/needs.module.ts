import { DirectoryModule } from '@app/directory';
import { Module } from '@nestjs/common';
import { NeedSearchService } from './need-search.service';
import { NeedsLoaders } from './needs.loaders';
import { ServiceNeedResolver } from './needs.resolver';
import { NeedsService } from './needs.service';

@Module({
  imports: [DirectoryModule],
  providers: [NeedsService, NeedSearchService, NeedsLoaders, ServiceNeedResolver],
  exports: [NeedsService, NeedSearchService, NeedsLoaders],
})
export class NeedsModule {}
