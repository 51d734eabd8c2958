import type { FastifyRequest } from "fastify";
import type { AppConfig } from "../config/env.ts";
import type { Clock } from "../lib/clock.ts";
import { NotFoundError } from "../lib/errors.ts";
import { verifyToken, type TokenPurpose } from "../subscribers/tokens.ts";
import { readToken } from "./request-input.ts";

/**
 * The subscriber a reader link's `?token=` names, once its signature, purpose and expiry are
 * checked; the token comes back for building the page's own form action. Throws
 * InvalidTokenError (400) otherwise, before anything is read or written.
 */
export function verifyReaderToken(request: FastifyRequest, config: AppConfig, clock: Clock, purpose: TokenPurpose): { subscriberId: number; token: string } {
  const token = readToken(request);
  const subscriberId = verifyToken(config.appSecret, token, purpose, clock.now());
  return { subscriberId, token: token as string };
}

/** A valid link to a subscriber that no longer exists (erased, or an unconfirmed signup purged). */
export function buildSubscriptionGoneError(): NotFoundError {
  return new NotFoundError("We couldn't find this subscription. It may have been deleted; you can sign up again.");
}
