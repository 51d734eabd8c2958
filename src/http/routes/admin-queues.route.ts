import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyInstance } from "fastify";
import { requireAdmin } from "../admin-auth.ts";
import type { AppDeps } from "../deps.ts";

const BASE_PATH = "/admin/queues";

// The dashboard is a prebuilt React app: its scripts and stylesheet are files under BASE_PATH,
// and its markup carries style attributes, which no hash can allow. Scripts stay 'self' only;
// its Google Fonts link is refused on purpose (the page falls back to system fonts rather than
// telling a third party who opens the admin pages). <base href> needs base-uri 'self'.
const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The BullMQ dashboard (bull-board) for the plan, send and transactional queues under
 * /admin/queues, behind the admin token; absent (404) when ADMIN_TOKEN is unset. Operators can
 * retry, promote or clean jobs there; handlers still validate every payload they pick up.
 */
export async function adminQueuesRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  if (deps.config.adminToken === undefined) return;
  requireAdmin(app, deps.config.adminToken);
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("content-security-policy", BOARD_CSP);
    return payload;
  });

  const serverAdapter = new FastifyAdapter().setBasePath(BASE_PATH);
  createBullBoard({
    queues: [deps.queues.plan, deps.queues.send, deps.queues.transactional].map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: "paperwire", hideDocsLink: true, menu: { width: "13rem" }, miscLinks: [{ text: "Admin overview", url: "/admin" }] } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: BASE_PATH });
}
