import type { FastifyInstance } from "fastify";

/**
 * Stops the web server gracefully: no new connections, requests in flight may finish. A client
 * that keeps its connection busy (a response it never reads) would hold the close forever, so
 * after `graceMs` the remaining connections are cut.
 */
export async function closeApp(app: FastifyInstance, graceMs = 5_000): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
