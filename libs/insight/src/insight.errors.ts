import { badInput, conflict, CoreErrorReason, forbidden, notFound, unauthenticated } from '@app/core';

/** Why the insight context refuses: `extensions.reason` of its errors. */
export enum InsightErrorReason {
  /** fairnessReport: no match run with that id. */
  RUN_NOT_FOUND = 'RUN_NOT_FOUND',
  /** fairnessReport: the run has not succeeded (QUEUED, RUNNING or FAILED): there is no assignment to report on yet. */
  RUN_NOT_SUCCEEDED = 'RUN_NOT_SUCCEEDED',
  /** fairnessReport: the run succeeded before runs kept what they saw (match_run_supply, match_run_demand): its report cannot be computed from what it used. */
  RUN_FACTS_MISSING = 'RUN_FACTS_MISSING',
  /** whatIf: a weight set is refused by the engine (a weight not finite or negative, or all of them 0); `extensions.field` names it. */
  INVALID_WHAT_IF_WEIGHTS = 'INVALID_WHAT_IF_WEIGHTS',
  /** Export: the session has no succeeded run, so it has no results to export. */
  NO_RESULTS_YET = 'NO_RESULTS_YET',
}

const R = InsightErrorReason;

export const InsightErrors = {
  runNotFound: (id: string) => notFound('MatchRun', id, R.RUN_NOT_FOUND),
  runNotSucceeded: (id: string, status: string) =>
    conflict(`Run ${id} is ${status}: a fairness report needs a run that SUCCEEDED`, { status }, R.RUN_NOT_SUCCEEDED),
  runFactsMissing: (id: string) =>
    conflict(
      `Run ${id} succeeded before runs kept what they saw: its fairness report cannot be computed from what it used; run matching again`,
      {},
      R.RUN_FACTS_MISSING,
    ),
  badWeights: (index: number, key: string, message: string) =>
    badInput(key === 'weights' ? `weightSets.${index}` : `weightSets.${index}.${key}`, message, R.INVALID_WHAT_IF_WEIGHTS),
  signInToExport: () => unauthenticated('Sign in first: downloads take the bearer token of an organizer', CoreErrorReason.SIGN_IN_REQUIRED),
  exportForbidden: (roles: readonly string[]) => forbidden(`Only ${roles.join(' or ')} may download exports`, CoreErrorReason.ROLE_NOT_ALLOWED),
  noResultsYet: (sessionId: string) => conflict(`Session ${sessionId} has no succeeded match run yet: nothing to export`, {}, R.NO_RESULTS_YET),
};
