import { Module } from '@nestjs/common';
import { DirectoryLoaders } from './directory.loaders';
import { OrganizationResolver, ServiceOfferingResolver } from './directory.resolver';
import { DirectoryService } from './directory.service';
import { OrganizationSearchService } from './organization-search.service';

@Module({
  providers: [DirectoryService, OrganizationSearchService, DirectoryLoaders, OrganizationResolver, ServiceOfferingResolver],
  exports: [DirectoryService, DirectoryLoaders],
})
export class DirectoryModule {}
