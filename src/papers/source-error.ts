import { AppError } from "../lib/errors.ts";

/**
 * A whole source is unusable: the server is down or keeps failing (SOURCE_UNAVAILABLE), or what
 * it sent cannot be read at all (SOURCE_MALFORMED). The import run is marked failed with it.
 */
export class SourceError extends AppError {
  constructor(code: "SOURCE_UNAVAILABLE" | "SOURCE_MALFORMED", detail: string, cause?: unknown) {
    super(code, "A paper source could not be read.", { detail, cause });
  }
}
