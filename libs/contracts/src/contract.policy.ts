import { PartyScope, partyAllows, partyScope, partyWhere, Principal, SqlFilter } from '@app/core';

/**
 * Who may read a contract: its community, its organization, organizers and admins;
 * anyone else gets null from contract(id), exactly like an unknown id (a contract's
 * existence does not leak). `canRead` applies the rule in memory (subscriptions, nested
 * fields); `where` is the same scope as the SQL filter of the contracts query.
 */
export const ContractPolicy = {
  scope: (principal: Principal | null): PartyScope => partyScope(principal),

  canRead: (principal: Principal | null, contract: { organizationId: string; communityId: string }): boolean =>
    partyAllows(partyScope(principal), { organizationId: contract.organizationId, communityId: contract.communityId }),

  /** On `alias` (a contracts row): the contract carries both parties' columns. */
  where: (scope: PartyScope, alias: string): SqlFilter => partyWhere(scope, `${alias}.organization_id`, { column: `${alias}.community_id` }, 'policyContract'),
};
