import { badInput, conflict, CoreErrorReason, forbidden, notFound } from '@app/core';

/** Why the complaints context refuses: `extensions.reason` of its errors. */
export enum ComplaintsErrorReason {
  /** No such complaint, or one the caller may not read. */
  COMPLAINT_NOT_FOUND = 'COMPLAINT_NOT_FOUND',
  /** fileComplaint: only an organization that bid on the need or was proposed for it, or the need's community, questions its award. */
  NOT_A_COMPLAINANT = 'NOT_A_COMPLAINANT',
  /** fileComplaint: the need is not MATCHED and its contract not PENDING_SIGNATURE: there is no award to question (`extensions.status`). */
  AWARD_NOT_OPEN_TO_COMPLAINT = 'AWARD_NOT_OPEN_TO_COMPLAINT',
  /** fileComplaint: this filer already has a PENDING complaint on the need. */
  COMPLAINT_ALREADY_PENDING = 'COMPLAINT_ALREADY_PENDING',
  /** withdrawComplaint, resolveComplaint: the complaint is no longer PENDING (`extensions.status`). */
  COMPLAINT_NOT_PENDING = 'COMPLAINT_NOT_PENDING',
  /** withdrawComplaint: only its filer withdraws a complaint. */
  NOT_COMPLAINT_FILER = 'NOT_COMPLAINT_FILER',
}

const R = ComplaintsErrorReason;

export const ComplaintsErrors = {
  complaintNotFound: (id: string) => notFound('Complaint', id, R.COMPLAINT_NOT_FOUND),
  notAComplainant: () =>
    forbidden("Only an organization that bid on the need or was proposed for it, or the need's community, may file a complaint", R.NOT_A_COMPLAINANT),
  awardNotOpen: (needStatus: string, contractStatus: string | null) =>
    conflict(
      `The need is ${needStatus}${contractStatus ? ` with a ${contractStatus} contract` : ''}: a complaint is filed while the need is MATCHED or its contract PENDING_SIGNATURE`,
      { status: needStatus, contractStatus },
      R.AWARD_NOT_OPEN_TO_COMPLAINT,
    ),
  alreadyPending: () => conflict('You already have a pending complaint on this need', {}, R.COMPLAINT_ALREADY_PENDING),
  notPending: (status: string) => conflict(`The complaint is ${status}: only a PENDING complaint changes`, { status }, R.COMPLAINT_NOT_PENDING),
  notFiler: () => forbidden("Only the complaint's filer may withdraw it", R.NOT_COMPLAINT_FILER),
  /** The length rules count what is stored, not surrounding blanks. */
  titleLength: () => badInput('title', 'title must be 2 to 120 characters', CoreErrorReason.INVALID_INPUT),
  bodyLength: () => badInput('body', 'body must be 10 to 4000 characters', CoreErrorReason.INVALID_INPUT),
  resolutionLength: () => badInput('resolution', 'resolution must be 1 to 4000 characters: the organizer answers in writing', CoreErrorReason.INVALID_INPUT),
  unknownCursor: () => badInput('after', 'must be the id of a complaint returned by this API', CoreErrorReason.INVALID_CURSOR),
};
