import { spawnThread } from '@app/core';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ENGINE_THREAD_TAG, EngineInput, EngineMessage, EngineOutput, EngineRows } from './engine-thread';

/** The compiled engine-thread.js beside this file in dist; from the source tree the .ts file (see spawnThread). */
const ENTRY = join(__dirname, `engine-thread${extname(__filename)}`);

const spawn = (): Worker => spawnThread(ENTRY, { tag: ENGINE_THREAD_TAG });

/**
 * A thread over its whole life: started before a run's inputs are read (it boots while
 * the queries run) and, after a run, kept idle for the next one so the engine stays loaded
 * and JIT-compiled (a cold thread computes a fair noticeably slower than a warm one).
 */
export class EngineThread {
  private readonly worker = spawn();
  /** Set when the thread fails while no run is listening (e.g. it could not load the engine). */
  private failed: Error | null = null;
  private exited = false;
  /** The thread's heap after its last run. */
  heapBytes = 0;

  constructor() {
    this.worker.on('error', (error) => (this.failed = error));
    this.worker.once('exit', () => (this.exited = true));
  }

  /** Usable for another run: alive, and not holding a heap grown by a large run. */
  reusable(maxHeapBytes: number): boolean {
    return !this.exited && !this.failed && this.heapBytes <= maxHeapBytes;
  }

  /** An idle thread must not keep the process alive. */
  idle(isIdle: boolean): void {
    if (isIdle) this.worker.unref();
    else this.worker.ref();
  }

  /** `onRows` with each block of proposals as the engine streams them, all before the result. */
  run(input: EngineInput, onProgress: (fraction: number) => void, onRows: (rows: EngineRows) => void = () => undefined): Promise<EngineOutput> {
    return new Promise<EngineOutput>((resolvePromise, reject) => {
      if (this.failed) return reject(this.failed);
      if (this.exited) return reject(new Error('The matching engine thread ended before the run'));
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        this.worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        fn();
      };
      const onMessage = (message: EngineMessage) => {
        if (message.type === 'progress') onProgress(message.fraction);
        else if (message.type === 'rows') onRows(message.rows);
        else if (message.type === 'result') {
          this.heapBytes = message.heapBytes;
          settle(() => resolvePromise(message.output));
        } else {
          // The engine threw: the thread itself is fine, but start the next run on a fresh one anyway.
          this.failed = new Error(message.message);
          settle(() => reject(Object.assign(new Error(message.message), { name: message.name, stack: message.stack })));
        }
      };
      const onError = (error: Error) => settle(() => reject(error));
      // e.g. out of memory, or terminated by the process shutting down.
      const onExit = (code: number) => settle(() => reject(new Error(`The matching engine thread exited with code ${code} before its result`)));
      this.worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      this.worker.postMessage(input);
    });
  }

  async terminate(): Promise<void> {
    if (!this.exited) await this.worker.terminate();
  }
}

/**
 * The process's engine threads: one per run in progress, and at most one kept idle between
 * runs. A thread whose heap grew past IDLE_HEAP_LIMIT (a province-size run) is ended rather
 * than kept, which gives that memory back to the system at once.
 */
export class EngineThreads {
  static readonly IDLE_HEAP_LIMIT = 256 * 1024 * 1024;
  private spare: EngineThread | null = null;
  private closed = false;

  acquire(): EngineThread {
    // A kept thread may have died while idle (it has no run to report to): then start a new one.
    const thread = this.spare?.reusable(EngineThreads.IDLE_HEAP_LIMIT) ? this.spare : new EngineThread();
    if (this.spare && this.spare !== thread) void this.spare.terminate().catch(() => undefined);
    this.spare = null;
    thread.idle(false);
    return thread;
  }

  release(thread: EngineThread): void {
    if (!this.closed && !this.spare && thread.reusable(EngineThreads.IDLE_HEAP_LIMIT)) {
      thread.idle(true);
      this.spare = thread;
    } else {
      void thread.terminate().catch(() => undefined);
    }
  }

  /**
   * On shutdown: the idle thread ends now; a run still computing keeps its thread until it
   * finishes (the queue's graceful close waits for it), then that thread ends too.
   */
  async close(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = null;
    await spare?.terminate().catch(() => undefined);
  }
}
