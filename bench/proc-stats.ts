import { readdirSync, readFileSync } from "node:fs";

// Linux exposes per-process CPU and memory in /proc; ticks are USER_HZ (100 on every Linux we
// run on; `getconf CLK_TCK` says so).
const TICKS_PER_SECOND = 100;

type Stat = { ppid: number; utime: number; stime: number; cutime: number; cstime: number };

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name may hold spaces and parentheses: fields start after the last ")".
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  const num = (i: number) => Number(fields[i - 3]);
  return { ppid: num(4), utime: num(14), stime: num(15), cutime: num(16), cstime: num(17) };
}

/** CPU seconds a process has used (all its threads), or 0 once it is gone. */
export function readCpuSeconds(pid: number, options: { withReapedChildren?: boolean } = {}): number {
  const stat = readStat(pid);
  if (!stat) return 0;
  const ticks = stat.utime + stat.stime + (options.withReapedChildren ? stat.cutime + stat.cstime : 0);
  return ticks / TICKS_PER_SECOND;
}

/** Live child processes of `parent` (Postgres backends, checkpointer, walwriter…). */
export function findChildPids(parent: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    if (readStat(Number(name))?.ppid === parent) children.push(Number(name));
  }
  return children;
}

/**
 * CPU seconds of a process tree one level deep: the parent, its live children, and the
 * children it already reaped (cutime/cstime). For Postgres this counts every backend, including
 * those that exited during the run.
 */
export function readTreeCpuSeconds(parent: number): number {
  let total = readCpuSeconds(parent, { withReapedChildren: true });
  for (const child of findChildPids(parent)) total += readCpuSeconds(child);
  return total;
}

/** Peak resident memory (VmHWM) of a process in MB, or 0 once it is gone. */
export function readPeakMemoryMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** Bytes a process read through read(2)-like calls (for the sink: what arrived on its sockets). */
export function readBytesRead(pid: number): number {
  try {
    return Number(/rchar:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/io`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Samples the peak memory of named process groups every `intervalMs`, because a Postgres
 * backend's peak is lost when it exits. `pidsOf` is called on each tick so new backends count.
 */
export function samplePeakMemory(pidsOf: () => Record<string, number[]>, intervalMs = 250) {
  const peaks: Record<string, number> = {};
  const sample = () => {
    let groups: Record<string, number[]>;
    try {
      groups = pidsOf();
    } catch {
      // A pid file can vanish (a service stopped under us); the run's own checks will say so.
      return;
    }
    for (const [name, pids] of Object.entries(groups)) {
      for (const pid of pids) peaks[name] = Math.max(peaks[name] ?? 0, readPeakMemoryMb(pid));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  // A run that fails before stop() must still exit.
  timer.unref();
  return {
    stop(): Record<string, number> {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
