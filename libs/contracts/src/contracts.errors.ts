import { badInput, conflict, forbidden } from '@app/core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isId = (value: string) => UUID.test(value);

/** An id argument that is not a uuid would reach PostgreSQL as a cast error; name the field instead. */
export function requireId(field: string, id: string): string {
  if (!UUID.test(id)) throw badInput(field, `"${id}" is not an id`);
  return id;
}

export const ContractsErrors = {
  notAProposalParty: () => forbidden("Only the need's community or the proposal's organization may accept or decline a proposal"),
  proposalClosed: (status: string) => conflict(`The proposal is ${status}: only a PROPOSED or ACCEPTED proposal can be accepted or declined`, { status }),
  needNotOpen: (status: string) => conflict(`The need is ${status}: its proposals can no longer be accepted`, { status }),
  notAContractParty: () => forbidden("Only the contract's community or organization may sign it"),
  notContractCommunityOrOrganizer: () => forbidden("Only the contract's community or an organizer may do this"),
  notContractCommunity: () => forbidden("Only the contract's community may evaluate it"),
  notPendingSignature: (status: string) => conflict(`The contract is ${status}: only a PENDING_SIGNATURE contract can be signed`, { status }),
  alreadySigned: (side: string) => conflict(`The ${side} has already signed this contract`, { side }),
  organizationAtCapacity: () => conflict('organization at capacity: it already runs as many contracts as its maxConcurrentProjects'),
  notInForce: (status: string, action: string) => conflict(`The contract is ${status}: ${action} needs a SIGNED or ACTIVE contract`, { status }),
  milestoneAlreadyPaid: (seq: number) => conflict(`Milestone ${seq} is already paid`, { seq }),
  notCompleted: (status: string) => conflict(`The contract is ${status}: only a COMPLETED contract can be evaluated`, { status }),
  alreadyEvaluated: () => conflict('This contract has already been evaluated'),
};
