import { byKeys, RequestContext, requestLoader } from '@app/core';
import { Injectable } from '@nestjs/common';
import { NeedResidentReviewEntity } from './entities/need-resident-review.entity';
import { ServiceNeedEntity } from './entities/service-need.entity';
import { NeedsService } from './needs.service';

/** Batch loads for needs, one DataLoader per request (see requestLoader). */
@Injectable()
export class NeedsLoaders {
  constructor(private readonly needs: NeedsService) {}

  /**
   * Needs by id whatever their status: for fields of objects that point at a need
   * (a bid, a proposal, a contract), whose own access rule already let the caller in.
   * Top-level reads go through NeedsService.visibleNeed instead.
   */
  need(ctx: RequestContext) {
    return requestLoader<string, ServiceNeedEntity | null>(ctx, 'needs.need', async (ids) => byKeys(ids, await this.needs.findNeeds(ids), (n) => n.id));
  }

  /** Each need's residents' review, or null. */
  residentReview(ctx: RequestContext) {
    return requestLoader<string, NeedResidentReviewEntity | null>(ctx, 'needs.residentReview', async (ids) =>
      byKeys(ids, await this.needs.residentReviewsOf(ids), (r) => r.needId),
    );
  }
}
