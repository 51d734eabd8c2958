import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, ConflictError, InvalidInputError, InvalidTokenError, NotFoundError, RateLimitedError } from "../lib/errors.ts";
import { renderProblemPage } from "./pages/message-page.ts";
import { sendJson, sendPage, wantsJson } from "./respond.ts";

type Problem = { statusCode: number; code: string; title: string; message: string };

// Domain code knows codes, not statuses; this is the one place that maps them.
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  INVALID_INPUT: 400,
  TOKEN_MALFORMED: 400,
  TOKEN_FORGED: 400,
  TOKEN_WRONG_PURPOSE: 400,
  TOKEN_EXPIRED: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: "We couldn't use that",
  404: "Not found",
  409: "That can't be done",
  413: "That's too much",
  415: "Not accepted",
  429: "Slow down, please",
  503: "Please try again shortly",
};

// Fastify's own refusals (body too large, unparsable JSON, unknown content type, …), by status.
const FRAMEWORK_PROBLEMS: Readonly<Record<number, { code: string; message: string }>> = {
  400: { code: "BAD_REQUEST", message: "The request could not be read." },
  413: { code: "PAYLOAD_TOO_LARGE", message: "The request is too large." },
  415: { code: "UNSUPPORTED_MEDIA_TYPE", message: "This kind of request body is not accepted here. Send a form or JSON." },
};

/** Every error becomes a page (or JSON) with one plain sentence; 5xx stacks go only to the log. */
export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = describeProblem(error, request.id);
    if (problem.statusCode >= 500) {
      request.log.error({ event: "http.request.failed", err: scrubError(error) }, "request failed");
    } else {
      request.log.info({ event: "http.request.refused", code: problem.code, statusCode: problem.statusCode }, "request refused");
    }
    if (error instanceof RateLimitedError) reply.header("retry-after", String(error.retryAfterSeconds));
    return sendProblem(request, reply, problem, problem.statusCode >= 500);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, { statusCode: 404, code: "NOT_FOUND", title: TITLES[404]!, message: "There is no page at this address." }, false),
  );
}

function describeProblem(error: FastifyError, requestId: string): Problem {
  if (error instanceof AppError) {
    const statusCode = STATUS_BY_CODE[error.code] ?? statusOfClass(error);
    if (statusCode !== undefined) {
      const title = error instanceof InvalidTokenError ? "This link doesn't work" : (TITLES[statusCode] ?? TITLES[400]!);
      return { statusCode, code: error.code, title, message: error.publicMessage };
    }
  } else if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
    const known = FRAMEWORK_PROBLEMS[error.statusCode] ?? FRAMEWORK_PROBLEMS[400]!;
    return { statusCode: error.statusCode, code: known.code, title: TITLES[error.statusCode] ?? TITLES[400]!, message: known.message };
  }
  return {
    statusCode: 500,
    code: "INTERNAL_ERROR",
    title: "Something went wrong",
    message: `Something went wrong on our side; please try again later. If it keeps happening, quote reference ${requestId}.`,
  };
}

function statusOfClass(error: AppError): number | undefined {
  if (error instanceof InvalidInputError || error instanceof InvalidTokenError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof RateLimitedError) return 429;
  return undefined;
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem, hasReference: boolean): FastifyReply {
  if (wantsJson(request)) {
    return sendJson(reply, problem.statusCode, { error: { code: problem.code, message: problem.message, requestId: request.id } });
  }
  return sendPage(reply, problem.statusCode, renderProblemPage({ ...problem, requestId: hasReference ? request.id : undefined }));
}

// Driver errors can quote a row ("Key (email)=(…)") and URLs can carry tokens: neither may
// reach the log, whatever the error is.
function scrubError(error: Error): { type: string; message: string; stack: string | undefined } {
  const scrub = (text: string) => text.replace(/[^\s<>()'"@]+@[^\s<>()'"@]+/g, "<address>").replace(/token=[^\s&"']+/g, "token=<redacted>");
  return { type: error.name, message: scrub(error.message), stack: error.stack === undefined ? undefined : scrub(error.stack) };
}
