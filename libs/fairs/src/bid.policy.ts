import { needPartyPolicy } from '@app/core';

/**
 * Who may read a bid (its price is the secret, before the deadline and after): its
 * organization, the need's community, organizers and admins; nobody else, anonymous
 * callers included. One object for the SQL filter of the bids repository (`where`) and
 * the in-memory check of subscriptions and nested fields (`canRead`).
 */
export const BidPolicy = needPartyPolicy('policyBid');
