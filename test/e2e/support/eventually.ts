/**
 * Polls until `check` returns a value other than undefined, null or false, or fails
 * after `timeoutMs` naming `what` was awaited. For effects of other processes (the
 * worker, the deadline job, live events) that a test cannot await directly.
 */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what = 'a condition', timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
