import type { FairConsoleQuery } from '../gql/graphql';

/** A session of the fair console, with its runs (newest first). */
export type InsightSession = NonNullable<FairConsoleQuery['fair']>['sessions'][number];
