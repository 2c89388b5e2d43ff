import { Module } from '@nestjs/common';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';

/** The directory without GraphQL: its service over its repository, for the api and the worker alike. */
@Module({
  providers: [DirectoryRepository, DirectoryService],
  exports: [DirectoryService],
})
export class DirectoryCoreModule {}
