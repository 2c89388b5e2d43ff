import { BidInput, MatchWeights, NeedInput, OrganizationInput, WhatIfOutcome } from '@app/matching';
import { spawnThread } from '@app/core';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WHAT_IF_THREAD_TAG, WhatIfReply, WhatIfRequest } from './what-if-thread';

/** The compiled what-if-thread.js beside this file in dist; from the source tree (jest, ts-node) the .ts file with the TypeScript loader. */
const ENTRY = join(__dirname, `what-if-thread${extname(__filename)}`);

const spawn = (): Worker => spawnThread(ENTRY, { tag: WHAT_IF_THREAD_TAG });

/**
 * One engine thread for what-if comparisons, started on first use and kept (idle, it does
 * not keep the process alive) so the engine stays loaded and JIT-compiled. Requests are
 * answered in order; a thread that dies fails the requests it held and is replaced on the
 * next one.
 */
export class WhatIfThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { worker: Worker; resolve: (o: WhatIfOutcome[]) => void; reject: (e: Error) => void }>();

  compare(needs: NeedInput[], organizations: OrganizationInput[], bids: BidInput[], weightSets: Partial<MatchWeights>[]): Promise<WhatIfOutcome[]> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<WhatIfOutcome[]>((resolvePromise, reject) => {
      this.pending.set(id, { worker, resolve: resolvePromise, reject });
      worker.ref();
      const request: WhatIfRequest = { id, needs, organizations, bids, weightSets };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = spawn();
    worker.unref();
    worker.on('message', (reply: WhatIfReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (![...this.pending.values()].some((p) => p.worker === worker)) worker.unref();
      if (reply.type === 'result') waiting.resolve(reply.outcomes);
      else waiting.reject(Object.assign(new Error(reply.message), { name: reply.name }));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`The what-if thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
