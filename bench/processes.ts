/**
 * The bench's child processes: the servers compiled to plain JavaScript once per run, started in
 * their own process group, watched for their resident memory, and killed at the end, on error, and
 * when the bench exits or is interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { bundle } from '../scripts/bundle.mjs';

export interface RunningProcess {
  pid: number;
  port: number;
  /** Spawn to the first successful GET of the ready path. */
  coldStartMs: number;
  /** Spawn to the port printed (listening). */
  listeningMs: number;
  stop(): Promise<void>;
}

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const children = new Set<ChildProcess>();

/**
 * Where the servers run from: one bundle per server in a folder of this run under .tmp/ (ignored
 * by git), inside the project so that the packages left outside the bundle, package.json and
 * public/ are found as from dist/.
 */
let compiledRoot: string | undefined;

/**
 * The servers run as `npm start` runs the application: bundled by esbuild into one file with the
 * packages they use, the same way (`scripts/bundle.mjs`), so the cold start measured is the
 * production one. Bundling takes about a second; `done` resolves once every bundle is written,
 * and `files` maps each bench file asked for to its bundle.
 */
export function compileServers(benchFiles: string[]): { files: Record<string, string>; done: Promise<number> } {
  const started = performance.now();
  mkdirSync(join(projectRoot, '.tmp'), { recursive: true });
  const root = (compiledRoot = mkdtempSync(join(projectRoot, '.tmp', 'bench-server-')));
  const toOutput = (input: string) => join(root, relative(projectRoot, input)).replace(/\.tsx?$/, '.mjs');
  const benchInputs = benchFiles.map((f) => fileURLToPath(new URL(f, import.meta.url)));
  const done = Promise.all(benchInputs.map((input) => bundle(input, toOutput(input)))).then(() => (performance.now() - started) / 1000);
  // Awaited by whoever starts a server; a failure before then must not be an unhandled rejection.
  done.catch(() => undefined);
  return { files: Object.fromEntries(benchFiles.map((f, i) => [f, toOutput(benchInputs[i])])), done };
}

export function removeCompiledServers(): void {
  if (!compiledRoot) return;
  rmSync(compiledRoot, { recursive: true, force: true });
  try {
    // .tmp/ itself, when nothing else uses it.
    rmdirSync(dirname(compiledRoot));
  } catch {
    // Not empty, or already gone.
  }
  compiledRoot = undefined;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Negative pid: the whole group, the child being its leader.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

// A crash or Ctrl-C must not leave a server behind: children are in their own process groups, so
// the terminal's SIGINT does not reach them.
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
});
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    for (const child of children) killGroup(child, 'SIGKILL');
    removeCompiledServers();
    process.exit(code);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  // The group may outlive its leader (a grandchild): make sure nothing of it stays.
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  }
  children.delete(child);
}

/** Generous bounds against a hung child, not measurements: nothing here fails for being slow. */
const START_BOUND_MS = 120_000;

/**
 * Spawns `node <script>` (a compiled file) in its own process group, waits for the `{"port":N}`
 * line it prints, then GETs `readyPath` until it answers 2xx.
 */
export async function startProcess(script: string, env: Record<string, string>, readyPath: string): Promise<RunningProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`${script} did not listen within ${START_BOUND_MS / 1000} s: ${stderr.trim()}`))),
        START_BOUND_MS,
      );
      child.stdout!.on('data', (chunk: Buffer) => {
        if (settled) return;
        stdout += chunk.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('{"port":'));
        if (line) settle(() => resolve((JSON.parse(line) as { port: number }).port));
      });
      child.once('error', (error) => settle(() => reject(error)));
      child.once('exit', (code, signal) => settle(() => reject(new Error(`${script} exited (${code ?? signal}) before listening: ${stderr.trim()}`))));
    });
    const listeningMs = performance.now() - started;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}${readyPath}`);
        await response.arrayBuffer();
        if (response.ok) break;
      } catch {
        // Not answering yet.
      }
      if (performance.now() - started > START_BOUND_MS)
        throw new Error(`${script}: no 2xx from ${readyPath} within ${START_BOUND_MS / 1000} s: ${stderr.trim()}`);
      await sleep(5);
    }
    const coldStartMs = performance.now() - started;
    return { pid: child.pid!, port, coldStartMs: Math.round(coldStartMs), listeningMs: Math.round(listeningMs), stop: () => stopChild(child) };
  } catch (e) {
    await stopChild(child);
    throw e;
  }
}

/** Resident memory of a process in MB, from /proc (Linux); null elsewhere. */
export function residentMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round((Number(match[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped: the maximum seen, overall and since the last `lap()`. */
export function sampleRss(pid: number, everyMs = 200): { lap(): number | null; stop(): { maxMb: number | null; samples: number } } {
  let maxMb: number | null = null;
  let lapMaxMb: number | null = null;
  let samples = 0;
  const sample = () => {
    const mb = residentMb(pid);
    if (mb === null) return;
    samples++;
    maxMb = Math.max(maxMb ?? 0, mb);
    lapMaxMb = Math.max(lapMaxMb ?? 0, mb);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    lap() {
      sample();
      const seen = lapMaxMb;
      lapMaxMb = null;
      return seen;
    },
    stop() {
      clearInterval(timer);
      sample();
      return { maxMb, samples };
    },
  };
}
