import { DirectoryCoreModule } from '@app/directory';
import { Module } from '@nestjs/common';
import { NeedSearchRepository } from './need-search.repository';
import { NeedsRepository } from './needs.repository';
import { NeedsService } from './needs.service';

/** Needs without GraphQL: the service over its repositories, for the api and the worker alike. */
@Module({
  imports: [DirectoryCoreModule],
  providers: [NeedsRepository, NeedSearchRepository, NeedsService],
  exports: [NeedsService],
})
export class NeedsCoreModule {}
