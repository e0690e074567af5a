/**
 * Where a page's memory goes under concurrent requests, in the server's process, over loopback
 * (light-my-request's inject keeps every response alive, so it cannot say): the garbage collected first
 * (run with `node --expose-gc`, e.g. `NODE_OPTIONS=--expose-gc npx tsx bench/profile.ts --memory`),
 * then `connections` loops of requests at once, process.memoryUsage() sampled every 10 ms. Says how
 * much of the growth of the resident set is V8's heap (JavaScript objects, and the heap V8 keeps
 * reserved after collecting them), how much buffers, and how much neither (SQLite, the allocator).
 */
type Sample = ReturnType<typeof process.memoryUsage>;

const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

export async function memoryPeaks(run: () => Promise<unknown>, options: { connections: number; requests: number }): Promise<string> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return '  memory: run with node --expose-gc to measure it\n';
  gc();
  gc();
  const before = process.memoryUsage();
  const peak: Sample = { ...before };
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof Sample)[]) peak[k] = Math.max(peak[k], now[k]);
  }, 10);
  const each = Math.ceil(options.requests / options.connections);
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      for (let i = 0; i < each; i++) await run();
    }),
  );
  clearInterval(sampler);
  gc();
  gc();
  const after = process.memoryUsage();
  const line = (k: keyof Sample) => `${k} ${mb(before[k])} → peak ${mb(peak[k])} → ${mb(after[k])} MB`;
  return `  memory, ${options.connections} requests at once: ${(['rss', 'heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const).map(line).join('; ')}\n`;
}
