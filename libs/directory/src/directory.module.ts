import { Module } from '@nestjs/common';
import { DirectoryCoreModule } from './directory-core.module';
import { DirectoryLoaders } from './directory.loaders';
import { OrganizationResolver, ServiceOfferingResolver } from './directory.resolver';
import { OfferingsImportController } from './import/offerings-import.controller';

/** The directory's GraphQL face (api only): resolvers and per-request loaders over DirectoryCoreModule. */
@Module({
  imports: [DirectoryCoreModule],
  controllers: [OfferingsImportController],
  providers: [DirectoryLoaders, OrganizationResolver, ServiceOfferingResolver],
  exports: [DirectoryCoreModule, DirectoryLoaders],
})
export class DirectoryModule {}
