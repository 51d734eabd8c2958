import type { FastifyInstance } from "fastify";
import { loadDailyActivity, loadSubscriberCounts } from "../../admin/admin-stats.repo.ts";
import { buildDailyActivity, computeActivityStart } from "../../admin/daily-activity.ts";
import { requireAdmin } from "../admin-auth.ts";
import type { AppDeps } from "../deps.ts";
import { ADMIN_PAGE_CSP, renderAdminPage } from "../pages/admin-page.ts";
import { sendPage } from "../respond.ts";

const ACTIVITY_DAYS = 30;

/** GET /admin: the operators' overview, behind the admin token; absent (404) when ADMIN_TOKEN is unset. */
export function adminRoutes(app: FastifyInstance, deps: AppDeps): void {
  if (deps.config.adminToken === undefined) return;
  requireAdmin(app, deps.config.adminToken);

  app.get("/admin", async (_request, reply) => {
    const now = deps.clock.now();
    const [counts, rows] = await Promise.all([loadSubscriberCounts(deps.db), loadDailyActivity(deps.db, computeActivityStart(now, ACTIVITY_DAYS))]);
    const page = renderAdminPage({ counts, activity: buildDailyActivity(rows, now, ACTIVITY_DAYS), pendingPurgeDays: deps.config.pendingPurgeDays, generatedAt: now });
    return sendPage(reply.header("content-security-policy", ADMIN_PAGE_CSP), 200, page);
  });
}
