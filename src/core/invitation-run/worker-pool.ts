/**
 * Runs `work` on every item with at most `concurrency` calls in flight. The first error stops
 * new items from starting and is thrown once the calls in flight have settled.
 */
export async function forEachWithConcurrency<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;

  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next] as T;
      next += 1;

      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };

  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (failure) {
    throw failure.error;
  }
}
