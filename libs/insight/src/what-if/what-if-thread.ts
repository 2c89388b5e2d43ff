import { BidInput, compareWeightings, MatchWeights, NeedInput, OrganizationInput, WhatIfOutcome } from '@app/matching';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

/**
 * The what-if thread: each weight set is a full exact solve (seconds of CPU at fair scale
 * for five sets), which must not freeze the api's event loop. This file imports only the
 * pure engine, so the thread starts fast and stays loaded between requests.
 */

/** Marks a thread started by WhatIfThread, so importing this file anywhere else does nothing. */
export const WHAT_IF_THREAD_TAG = 'what-if';

export interface WhatIfRequest {
  id: number;
  needs: NeedInput[];
  organizations: OrganizationInput[];
  bids: BidInput[];
  weightSets: Partial<MatchWeights>[];
}

export type WhatIfReply = { id: number; type: 'result'; outcomes: WhatIfOutcome[] } | { id: number; type: 'error'; name: string; message: string };

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WHAT_IF_THREAD_TAG) {
  parentPort!.on('message', (request: WhatIfRequest) => {
    let reply: WhatIfReply;
    try {
      reply = { id: request.id, type: 'result', outcomes: compareWeightings(request.needs, request.organizations, request.bids, request.weightSets) };
    } catch (error) {
      const e = error as Error;
      reply = { id: request.id, type: 'error', name: e.name, message: e.message };
    }
    parentPort!.postMessage(reply);
  });
}
