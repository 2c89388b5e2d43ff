import { DirectoryModule } from '@app/directory';
import { Module } from '@nestjs/common';
import { NeedsImportController } from './import/needs-import.controller';
import { NeedsCoreModule } from './needs-core.module';
import { NeedsLoaders } from './needs.loaders';
import { ServiceNeedResolver } from './needs.resolver';

/** The needs' GraphQL face (api only): resolvers and per-request loaders over NeedsCoreModule. */
@Module({
  imports: [NeedsCoreModule, DirectoryModule],
  controllers: [NeedsImportController],
  providers: [NeedsLoaders, ServiceNeedResolver],
  exports: [NeedsCoreModule, NeedsLoaders],
})
export class NeedsModule {}
