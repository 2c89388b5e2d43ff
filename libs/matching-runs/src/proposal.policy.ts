import { needPartyPolicy } from '@app/core';

/**
 * Who may read a proposal (its score, its breakdown, the bid behind it): organizers and
 * admins every one, a community those on its own needs, an organization those naming
 * it, nobody else. One object for the SQL filter of the proposals query (`where`) and
 * the in-memory check of subscriptions (`canRead`).
 */
export const ProposalPolicy = needPartyPolicy('policyProposal');
