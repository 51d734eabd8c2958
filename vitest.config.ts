import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          env: { TZ: "UTC" },
        },
      },
      {
        test: {
          name: "integration",
          // The bench smoke run is here so that `npm run bench` cannot rot (it asserts no timing).
          include: ["test/integration/**/*.test.ts", "bench/smoke.test.ts"],
          env: { TZ: "UTC" },
          globalSetup: ["test/integration/setup/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: more forks than that only adds contention with Postgres and Redis.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: "fault",
          include: ["test/fault/**/*.test.ts"],
          env: { TZ: "UTC" },
          globalSetup: ["test/integration/setup/global-setup.ts"],
          testTimeout: 240_000,
          hookTimeout: 120_000,
          // Each case breaks services on purpose; one at a time keeps the timings meaningful.
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
