import { byKeys, groupByKeys, RequestContext, requestLoader } from '@app/core';
import { Injectable } from '@nestjs/common';
import { DirectoryService } from './directory.service';
import { CommunityEntity } from './entities/community.entity';
import { OrganizationEntity } from './entities/organization.entity';
import { ServiceOfferingEntity } from './entities/service-offering.entity';

/** Batch loads for the directory, one DataLoader per request (see requestLoader). */
@Injectable()
export class DirectoryLoaders {
  constructor(private readonly directory: DirectoryService) {}

  organization(ctx: RequestContext) {
    return requestLoader<string, OrganizationEntity | null>(ctx, 'directory.organization', async (ids) =>
      byKeys(ids, await this.directory.findOrganizations(ids), (o) => o.id),
    );
  }

  community(ctx: RequestContext) {
    return requestLoader<string, CommunityEntity | null>(ctx, 'directory.community', async (ids) =>
      byKeys(ids, await this.directory.findCommunities(ids), (c) => c.id),
    );
  }

  offeringsOf(ctx: RequestContext) {
    return requestLoader<string, ServiceOfferingEntity[]>(ctx, 'directory.offeringsOf', async (ids) =>
      groupByKeys(ids, await this.directory.offeringsOf(ids), (o) => o.organizationId),
    );
  }
}
