import { groupByKeys, RequestContext, requestLoader } from '@app/core';
import { Injectable } from '@nestjs/common';
import { ComplaintsService } from './complaints.service';
import { ComplaintEntity } from './entities/complaint.entity';

/** Batch loads for complaints, one DataLoader per request (see requestLoader). */
@Injectable()
export class ComplaintsLoaders {
  constructor(private readonly complaints: ComplaintsService) {}

  /** A need's complaints the request's caller may read (ComplaintPolicy, in SQL). */
  ofNeed(ctx: RequestContext) {
    return requestLoader<string, ComplaintEntity[]>(ctx, 'complaints.ofNeed', async (ids) =>
      groupByKeys(ids, await this.complaints.ofNeeds(ctx.principal, ids), (c) => c.needId),
    );
  }
}
