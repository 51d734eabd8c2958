import { createHmac } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import { RateLimitedError } from "../lib/errors.ts";

/**
 * Limits per client IP (IPv6 grouped by /64 by the plugin), counted in Redis so every web
 * process shares them. POST /unsubscribe has none on purpose: mailbox providers send one-click
 * POSTs for many readers from a few addresses (RFC 8058), and a refused unsubscribe is worse
 * than any abuse a signed token allows.
 */
export const RATE_LIMITS = Object.freeze({
  /** Signups from one IP: a household or lab behind one NAT signs up a few people, not dozens. */
  signupPerIp: { max: 20, timeWindow: 10 * 60_000 },
  /** Signups naming one address, from anywhere: stops mail-bombing a stranger with confirmations. */
  signupPerAddress: { max: 5, timeWindow: 60 * 60_000 },
  /** Page views and token POSTs other than unsubscribe. */
  pages: { max: 120, timeWindow: 60_000 },
});

/** Registers @fastify/rate-limit on Redis; routes opt in through `config.rateLimit`. */
export async function registerRateLimits(app: FastifyInstance, redis: Redis, namespace: string): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    redis,
    nameSpace: `${namespace}-rate-limit-`,
    // Refusing requests because Redis blinked would take the whole site down with it.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
  });
}

/**
 * The per-address signup limit, checked once the address is known to be valid. The key is an
 * HMAC of the normalised address, so Redis never holds addresses (nor hashes anyone could
 * reverse from a list of addresses).
 */
export function createAddressRateLimit(app: FastifyInstance, secret: string): (request: FastifyRequest, address: string) => Promise<void> {
  const keys = new WeakMap<FastifyRequest, string>();
  const check = app.createRateLimit({
    ...RATE_LIMITS.signupPerAddress,
    // Here the address counts, not the IP: one key per address, whoever sends it.
    keyGenerator: (request) => keys.get(request) ?? "",
  });
  return async (request, address) => {
    keys.set(request, `address-${createHmac("sha256", secret).update(address).digest("base64url").slice(0, 32)}`);
    const limit = await check(request);
    if (!limit.isAllowed && limit.isExceeded) throw new RateLimitedError(Math.max(1, limit.ttlInSeconds));
  };
}
