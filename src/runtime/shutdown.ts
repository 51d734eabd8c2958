import type { Logger } from "../telemetry/logger.ts";

/**
 * Closes everything on SIGTERM or SIGINT, in order, then exits 0. In-flight jobs get until the
 * deadline to finish (BullMQ's close waits for them); past it the process exits 1 and BullMQ
 * hands the unfinished jobs to another worker once their locks expire. A second signal is ignored.
 */
export function closeOnSignal(log: Logger, steps: Record<string, () => Promise<unknown> | unknown>, deadlineMs = 30_000): void {
  let isClosing = false;
  const close = async (signal: string) => {
    if (isClosing) return;
    isClosing = true;
    log.info({ event: "process.stopping", signal }, "stopping");
    const timer = setTimeout(() => {
      log.error({ event: "process.stop_timed_out", deadlineMs }, "shutdown deadline passed; exiting");
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    for (const [name, step] of Object.entries(steps)) {
      await step();
      log.info({ event: "process.step_stopped", step: name }, `${name} stopped`);
    }
    log.info({ event: "process.stopped" }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void close("SIGTERM"));
  process.on("SIGINT", () => void close("SIGINT"));
}
