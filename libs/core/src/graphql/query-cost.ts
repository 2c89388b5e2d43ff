/**
 * What one operation may ask for, and what each field costs: the numbers the query
 * limits (query-limits.ts) work with, in one place so they can be read and tuned
 * together.
 *
 * The unit is about one value in the answer (a scalar field of one object): on the
 * project's 2-core machine the api produces one in roughly 4 µs. A field costs 1; a
 * field that returns an object costs 10 more (it is looked up through a DataLoader,
 * about 20 values' worth of work measured); a list multiplies the cost of its
 * selection by its size: its `first` for pages, its cap for lists without paging.
 * Fields that do heavy work on their own (aggregates, exports, scans) carry their
 * measured cost on top. The limit, 250,000, is about one second of the api's work on
 * the worst case the estimates allow; what clients really send costs far less.
 */
export const QUERY_LIMITS = {
  /** Estimated cost of one operation. */
  maxCost: 250_000,
  /** Fields nested in one another, the root field and the leaf included (introspection not counted). */
  maxDepth: 12,
  /** Aliased fields in one operation, fragments expanded. */
  maxAliases: 30,
  /** Fields at the root of one operation (each alias counts). */
  maxRootFields: 20,
  /** Tokens in one document: bounds the work of parsing and validating before any limit above is measured. */
  maxTokens: 4000,
};

/** Cost of a field that returns an object (or a list of them): one DataLoader lookup. */
export const OBJECT_FIELD_COST = 10;

/** Size assumed for a list field that is in neither table below; the unit test keeps every list of the schema in the table. */
export const UNKNOWN_LIST_SIZE = 100;

type Args = Record<string, unknown>;
/** A list's size: a fixed cap, or read from the field's arguments (its `first`), or from the parent field's (a connection's nodes). */
export type ListSize = number | ((args: Args, parentArgs: Args) => number);

const first =
  (fallback: number) =>
  (args: Args): number =>
    typeof args.first === 'number' && args.first >= 0 ? args.first : fallback;
const parentFirst =
  (fallback: number) =>
  (_args: Args, parentArgs: Args): number =>
    first(fallback)(parentArgs);

/**
 * Every list field of the schema with its size. Lists without paging carry their
 * real cap (what the product lets them hold, or what a fair holds at most today);
 * pages their `first` (every default here is the field's own default).
 */
export const LIST_SIZES: Record<string, ListSize> = {
  // Pages: `first` items.
  'NeedConnection.nodes': parentFirst(20),
  'OrganizationConnection.nodes': parentFirst(20),
  'Query.recommendedNeeds': first(20),
  'Query.contracts': first(500),
  'Query.proposals': first(1000),
  'Query.myBids': first(50),
  /** complaints(filter, first, after): DEFAULT_COMPLAINTS_PAGE 50, at most 200. */
  'Query.complaints': first(50),
  // No paging: the cap of what the list can hold.
  /** A fair a year or so per city, kept for years (no paging: the list stays short). */
  'Query.fairs': 20,
  /** Five zones, a few rounds each. */
  'Fair.sessions': 20,
  /** MAX_SESSION_NEEDS: a session puts at most 5,000 needs on the table. */
  'MatchSession.needs': 5000,
  /** Runs again with other weights, a handful per session. */
  'MatchSession.runs': 20,
  /** One live bid per organization, and those withdrawn: the organizations that serve the need's district and domain. */
  'ServiceNeed.bids': 50,
  /** A session at a time takes a need; one that found no taker goes to a later one: a few per fair. */
  'ServiceNeed.sessions': 5,
  /** MAX_COMPLAINTS_PER_NEED: a need's complaints the caller may read, newest first. */
  'ServiceNeed.complaints': 20,
  /** A catalogue: seeded with 1–4, the largest organizations publish a few dozen. */
  'Organization.offerings': 20,
  /** The payment plan: 30/40/30 by default. */
  'Contract.milestones': 5,
  /** One per service domain (16). */
  'FairStats.byDomain': 16,
  /** The districts of a fair's city (Nanjing: 11), or a province's cities and districts. */
  'FairStats.byDistrict': 100,
  /** The city's civil-affairs staff: IdentityService.organizers returns at most 500. */
  'Query.organizers': 500,
  /** Every status change of one record, and its milestone payments. */
  'Query.auditTrail': 50,
  /** The four organization forms (and UNKNOWN for an organization the run's facts miss). */
  'FairnessReport.byForm': 5,
  /** The six grades (and UNKNOWN). */
  'FairnessReport.byGrade': 7,
  /** The districts of the run's needs: Nanjing's 11, or a province's cities and districts. */
  'FairnessReport.byDistrict': 100,
  /** Domains (16) × districts with needs: Nanjing's 176 at most, a province's a few more. */
  'GapMap.cells': 1_600,
  /** MAX_WHAT_IF_WEIGHT_SETS. */
  'Mutation.whatIf': 5,
};

/** Fields whose resolver does heavy work of its own (measured on the seeded fair: 2,100 needs, 1,000 organizations). */
export const FIELD_COSTS: Record<string, number | ((args: Args) => number)> = {
  /** The whole fair as an OCDS release package: 2.8 MB, ~300 ms for the seeded fair. */
  'Query.ocdsReleasePackage': 100_000,
  /** Several aggregates over the fair's needs, bids, proposals and contracts: ~20–30 ms. */
  'Fair.stats': 5_000,
  /** Scores every open need around the organization, as a match run does: ~30–60 ms. */
  'Query.recommendedNeeds': 10_000,
  /** An exact count of every match (always computed), and a scan of every title and description when `text` is given. */
  'Query.needs': searchCost,
  'Query.organizations': searchCost,
  /** Filtered over every proposal of the runs asked for. */
  'Query.proposals': 1_000,
  'Query.contracts': 1_000,
  /** Filtered over the complaints the caller may read (indexed by need, filer, community, fair). */
  'Query.complaints': 1_000,
  /** The run's facts and assigned proposals (a few thousand rows) and the figures over them: ~20–40 ms at fair size. */
  'Query.fairnessReport': 5_000,
  /** Every need of the fair against every organization with a free slot: ~50–100 ms at fair size. */
  'Query.gapMap': 20_000,
  /** Five exact solves at fair size on the what-if thread (≤ 2 s, off the event loop): the load of the session's data is what the api does. */
  'Mutation.whatIf': 20_000,
};

/** A connection's exact totalCount is counted on every call; `text` adds an ILIKE scan of every row. */
function searchCost(args: Args): number {
  const filter = (args.filter ?? {}) as { text?: unknown };
  const text = typeof filter.text === 'string' && filter.text.trim() !== '';
  return 2_000 + (text ? 20_000 : 0);
}
