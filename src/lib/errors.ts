/**
 * An error with a stable code and a message that is safe to show a reader. The internal detail
 * goes into `message` and `cause`, which only ever reach the log.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly publicMessage: string,
    options: { cause?: unknown; detail?: string } = {},
  ) {
    super(options.detail ?? publicMessage, { cause: options.cause });
    this.name = new.target.name;
  }
}

export class InvalidInputError extends AppError {
  constructor(publicMessage: string, options: { code?: string; cause?: unknown; detail?: string } = {}) {
    super(options.code ?? "INVALID_INPUT", publicMessage, options);
  }
}

export class NotFoundError extends AppError {
  constructor(publicMessage = "Nothing was found here.", options: { code?: string; detail?: string } = {}) {
    super(options.code ?? "NOT_FOUND", publicMessage, options);
  }
}

export type TokenProblem = "TOKEN_MALFORMED" | "TOKEN_FORGED" | "TOKEN_EXPIRED" | "TOKEN_WRONG_PURPOSE";

export class InvalidTokenError extends AppError {
  constructor(code: TokenProblem) {
    const message =
      code === "TOKEN_EXPIRED"
        ? "This link has expired. Sign up again to get a fresh one."
        : "This link is not valid. Please use the link from your most recent email.";
    super(code, message);
  }
}

export class ConflictError extends AppError {
  constructor(publicMessage: string, options: { code?: string; detail?: string } = {}) {
    super(options.code ?? "CONFLICT", publicMessage, options);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("RATE_LIMITED", "Too many requests. Please wait a little and try again.");
  }
}
