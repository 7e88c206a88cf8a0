/**
 * Which deliveries to handle: each once across replicas (GitHub may deliver
 * one to several), and none the app itself caused (SPEC §7).
 */
import type { Redis } from "ioredis";
import type { Context } from "probot";
import { firstDelivery } from "../github/redis-store.js";

/** Events the app itself caused (its labels, comments, check runs) start nothing (SPEC §7). */
export async function causedByApp(
  ac: { botLogin(): Promise<string | null> },
  payload: { sender?: { login: string; type: string } },
): Promise<boolean> {
  const sender = payload.sender;
  if (sender?.type !== "Bot") return false;
  const bot = await ac.botLogin();
  return bot != null && sender.login.toLowerCase() === bot.toLowerCase();
}

/**
 * Handle each webhook delivery once across replicas: GitHub may deliver one
 * to several (retries, redeliveries behind a load balancer). Without Redis
 * every delivery is handled (one process sees each once).
 */
export async function firstTime(ac: { redis: Redis | null }, context: Context): Promise<boolean> {
  if (!ac.redis) return true;
  if (await firstDelivery(ac.redis, context.id)) return true;
  context.log.info({ delivery: context.id }, "countersign: duplicate delivery ignored");
  return false;
}
