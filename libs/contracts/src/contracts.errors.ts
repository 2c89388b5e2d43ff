import { badInput, conflict, CoreErrorReason, forbidden, notFound } from '@app/core';

/** Why the contracts context (acceptance, contracts, milestones, evaluations) refuses: `extensions.reason` of its errors. */
export enum ContractsErrorReason {
  /** No such contract, or one the caller may not read. */
  CONTRACT_NOT_FOUND = 'CONTRACT_NOT_FOUND',
  /** markMilestonePaid: the contract has no milestone with that seq. */
  MILESTONE_NOT_FOUND = 'MILESTONE_NOT_FOUND',
  /** acceptProposal, declineProposal: only the need's community or the proposal's organization decides. */
  NOT_A_PROPOSAL_PARTY = 'NOT_A_PROPOSAL_PARTY',
  /** acceptProposal, declineProposal: the proposal is no longer PROPOSED or ACCEPTED (`extensions.status`). */
  PROPOSAL_CLOSED = 'PROPOSAL_CLOSED',
  /** acceptProposal: the need is no longer open (withdrawn, contracted...: `extensions.status`). */
  NEED_CLOSED_FOR_PROPOSALS = 'NEED_CLOSED_FOR_PROPOSALS',
  /** signContract: only the contract's community or organization signs. */
  NOT_A_CONTRACT_PARTY = 'NOT_A_CONTRACT_PARTY',
  /** markMilestonePaid, completeContract, terminateContract: the contract's community or an organizer only. */
  NOT_CONTRACT_COMMUNITY_OR_ORGANIZER = 'NOT_CONTRACT_COMMUNITY_OR_ORGANIZER',
  /** evaluateContract: the contract's community only. */
  NOT_CONTRACT_COMMUNITY = 'NOT_CONTRACT_COMMUNITY',
  /** signContract: the contract is not PENDING_SIGNATURE. */
  CONTRACT_NOT_PENDING_SIGNATURE = 'CONTRACT_NOT_PENDING_SIGNATURE',
  /** signContract: this side has signed already (`extensions.side`). */
  ALREADY_SIGNED = 'ALREADY_SIGNED',
  /** signContract: the organization already runs as many contracts as it may (maxConcurrentProjects). */
  CAPACITY_EXHAUSTED = 'CAPACITY_EXHAUSTED',
  /** markMilestonePaid, completeContract, terminateContract: the contract is not SIGNED or ACTIVE (terminate: already ended). */
  CONTRACT_NOT_IN_FORCE = 'CONTRACT_NOT_IN_FORCE',
  /** signContract: a complaint against the award of the contract's need is PENDING; signing waits for its resolution. */
  COMPLAINT_PENDING = 'COMPLAINT_PENDING',
  /** resolveComplaint (upheld): the need's contract is already signed, so the award can no longer be annulled (`extensions.status`). */
  CONTRACT_ALREADY_IN_FORCE = 'CONTRACT_ALREADY_IN_FORCE',
  /** markMilestonePaid: that milestone is paid already. */
  MILESTONE_ALREADY_PAID = 'MILESTONE_ALREADY_PAID',
  /** evaluateContract: only a COMPLETED contract is evaluated. */
  CONTRACT_NOT_COMPLETED = 'CONTRACT_NOT_COMPLETED',
  /** evaluateContract: a contract is evaluated once. */
  ALREADY_EVALUATED = 'ALREADY_EVALUATED',
}

const R = ContractsErrorReason;

export const ContractsErrors = {
  unknownCursor: () => badInput('after', 'must be the id of a contract returned by this API', CoreErrorReason.INVALID_CURSOR),
  contractNotFound: (id: string) => notFound('Contract', id, R.CONTRACT_NOT_FOUND),
  milestoneNotFound: (seq: number, contractId: string) => notFound('Milestone', `${seq} of contract ${contractId}`, R.MILESTONE_NOT_FOUND),
  notAProposalParty: () => forbidden("Only the need's community or the proposal's organization may accept or decline a proposal", R.NOT_A_PROPOSAL_PARTY),
  proposalClosed: (status: string) =>
    conflict(`The proposal is ${status}: only a PROPOSED or ACCEPTED proposal can be accepted or declined`, { status }, R.PROPOSAL_CLOSED),
  needNotOpen: (status: string) => conflict(`The need is ${status}: its proposals can no longer be accepted`, { status }, R.NEED_CLOSED_FOR_PROPOSALS),
  notAContractParty: () => forbidden("Only the contract's community or organization may sign it", R.NOT_A_CONTRACT_PARTY),
  notContractCommunityOrOrganizer: () => forbidden("Only the contract's community or an organizer may do this", R.NOT_CONTRACT_COMMUNITY_OR_ORGANIZER),
  notContractCommunity: () => forbidden("Only the contract's community may evaluate it", R.NOT_CONTRACT_COMMUNITY),
  notPendingSignature: (status: string) =>
    conflict(`The contract is ${status}: only a PENDING_SIGNATURE contract can be signed`, { status }, R.CONTRACT_NOT_PENDING_SIGNATURE),
  alreadySigned: (side: string) => conflict(`The ${side} has already signed this contract`, { side }, R.ALREADY_SIGNED),
  organizationAtCapacity: () => conflict('organization at capacity: it already runs as many contracts as its maxConcurrentProjects', {}, R.CAPACITY_EXHAUSTED),
  notInForce: (status: string, action: string) =>
    conflict(`The contract is ${status}: ${action} needs a SIGNED or ACTIVE contract`, { status }, R.CONTRACT_NOT_IN_FORCE),
  complaintPending: () =>
    conflict("A complaint against this need's award is pending: the contract cannot be signed until an organizer resolves it", {}, R.COMPLAINT_PENDING),
  alreadyInForce: (status: string) =>
    conflict(`The need's contract is ${status}: a signed award is no longer annulled by a complaint`, { status }, R.CONTRACT_ALREADY_IN_FORCE),
  milestoneAlreadyPaid: (seq: number) => conflict(`Milestone ${seq} is already paid`, { seq }, R.MILESTONE_ALREADY_PAID),
  notCompleted: (status: string) => conflict(`The contract is ${status}: only a COMPLETED contract can be evaluated`, { status }, R.CONTRACT_NOT_COMPLETED),
  alreadyEvaluated: () => conflict('This contract has already been evaluated', {}, R.ALREADY_EVALUATED),
};
