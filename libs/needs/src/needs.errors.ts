import { conflict, CoreErrorReason, forbidden, badInput, notFound } from '@app/core';
import { NeedStatus } from './entities/service-need.entity';

/** Why the needs context refuses: `extensions.reason` of its errors. */
export enum NeedsErrorReason {
  /** No such need, or one the caller may not see (a draft or withdrawn need of another community). */
  NEED_NOT_FOUND = 'NEED_NOT_FOUND',
  /** postNeed: the fairId names no fair. */
  FAIR_NOT_FOUND = 'FAIR_NOT_FOUND',
  /** Only a community account posts and manages needs. */
  NOT_A_COMMUNITY = 'NOT_A_COMMUNITY',
  /** A community may change only its own needs. */
  NOT_YOUR_NEED = 'NOT_YOUR_NEED',
  /** publishNeed: only a DRAFT can be published. */
  NEED_NOT_PUBLISHABLE = 'NEED_NOT_PUBLISHABLE',
  /** withdrawNeed: a need with a contract (CONTRACTED, CLOSED) or already WITHDRAWN stays as it is. */
  NEED_NOT_WITHDRAWABLE = 'NEED_NOT_WITHDRAWABLE',
  /** Bulk import: a row's community (社区) names no community, by id or name. */
  COMMUNITY_NOT_FOUND = 'COMMUNITY_NOT_FOUND',
  /** Bulk import: a row names its community by a name several communities have: give the id. */
  COMMUNITY_AMBIGUOUS = 'COMMUNITY_AMBIGUOUS',
  /** Bulk import: a community account imports only its own needs; a row names another community. */
  NOT_YOUR_COMMUNITY = 'NOT_YOUR_COMMUNITY',
  /** updateNeed: only a DRAFT, or a PUBLISHED need not on the table of a session taking or weighing bids, can be edited. */
  NEED_NOT_EDITABLE = 'NEED_NOT_EDITABLE',
  /** recordResidentReview: the need is CONTRACTED, CLOSED or WITHDRAWN (`extensions.status`): residents review a need before it is contracted. */
  REVIEW_CLOSED = 'REVIEW_CLOSED',
}

const R = NeedsErrorReason;

export const NeedsErrors = {
  needNotFound: (id: string) => notFound('ServiceNeed', id, R.NEED_NOT_FOUND),
  fairNotFound: (id: string) => notFound('Fair', id, R.FAIR_NOT_FOUND),
  notACommunity: () => forbidden('Only a community account posts and manages needs', R.NOT_A_COMMUNITY),
  notYourNeed: () => forbidden('A community may change only its own needs', R.NOT_YOUR_NEED),
  notPublishable: (status: NeedStatus) => conflict(`A ${status} need cannot be published`, { status }, R.NEED_NOT_PUBLISHABLE),
  notWithdrawable: (status: NeedStatus) => conflict(`A ${status} need cannot be withdrawn`, { status }, R.NEED_NOT_WITHDRAWABLE),
  notEditable: (status: NeedStatus, onTable: boolean) =>
    conflict(
      onTable ? 'The need is on the table of a session taking or weighing bids: it cannot change under the bidders' : `A ${status} need cannot be edited`,
      { status },
      R.NEED_NOT_EDITABLE,
    ),
  periodInverted: () => badInput('input.endsOn', 'endsOn must not be before startsOn', CoreErrorReason.INVALID_INPUT),
  /** The length rules count what is stored, not surrounding blanks. */
  titleTooShort: () => badInput('title', 'title must be 2 to 120 characters', CoreErrorReason.INVALID_INPUT),
  descriptionBlank: () => badInput('description', 'description must be 1 to 4000 characters', CoreErrorReason.INVALID_INPUT),
  communityNotFound: (key: string) => badInput('community', `no community has the id or name "${key}"`, R.COMMUNITY_NOT_FOUND),
  communityAmbiguous: (name: string) => badInput('community', `several communities are named "${name}": give the community's id`, R.COMMUNITY_AMBIGUOUS),
  notYourCommunity: (key: string) => forbidden(`A community imports only its own needs, not those of "${key}"`, R.NOT_YOUR_COMMUNITY, { field: 'community' }),
  reviewClosed: (status: NeedStatus) =>
    conflict(`A ${status} need is no longer reviewed by its residents: a review is recorded before the need is CONTRACTED`, { status }, R.REVIEW_CLOSED),
  votesExceedParticipants: () => badInput('votesFor', 'votesFor + votesAgainst must not exceed participants', CoreErrorReason.INVALID_INPUT),
  noVotes: () => badInput('votesFor', 'at least one vote (for or against) must be cast', CoreErrorReason.INVALID_INPUT),
  heldInFuture: () => badInput('heldOn', 'heldOn must not be after today', CoreErrorReason.INVALID_INPUT),
  minutesBlank: () => badInput('minutes', 'minutes must be 1 to 4000 characters', CoreErrorReason.INVALID_INPUT),
  invalidCursor: () => badInput('after', 'is not a cursor returned by this API', CoreErrorReason.INVALID_CURSOR),
};
