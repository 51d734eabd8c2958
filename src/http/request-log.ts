import { LogController, type FastifyReply, type FastifyRequest } from "fastify";

/**
 * One log line per request, with the route pattern (`/unsubscribe`) instead of the URL: query
 * strings carry signed tokens, which must never reach a log. Errors are logged by the error
 * handler, which knows whether they matter.
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: "requestId" });
  }

  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    request.log.info(
      {
        event: "http.request.completed",
        method: request.method,
        route: request.routeOptions.url ?? "(no route)",
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime),
      },
      "request completed",
    );
  }
}
