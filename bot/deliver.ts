/**
 * Every message leaves the bot through here: the ack of a slash command, posts to a response URL, and
 * chat.postMessage. Each message is checked against Slack's limits once more (render/limits.ts) — the builders
 * already keep within them, this is the guard that a future renderer cannot slip past — and when Slack refuses one
 * anyway (`invalid_blocks`, `msg_blocks_too_long`, `msg_too_long`, HTTP 400 from a response URL…), it is logged as an
 * error and sent again as plain text, so the person who asked always gets an answer.
 *
 * The senders never throw: a message that cannot be delivered at all is logged, and the caller learns it from the
 * returned `false`.
 */
import type { AllMiddlewareArgs, RespondArguments, RespondFn } from '@slack/bolt';
import type { Log } from './context.js';
import { userMessage } from './errors.js';
import { plainMessage, type SlackMessage } from './render/kit.js';
import { type Block, messageProblems } from './render/limits.js';

/** Sends one message; resolves to whether it (or its plain-text form) was delivered. */
export type Send = (m: SlackMessage) => Promise<boolean>;
/** Posts one message to a channel (chat.postMessage). */
export type Post = (channel: string, m: SlackMessage) => Promise<boolean>;

/** What Slack said, or what failed on the way, for the log. */
function reason(e: unknown): string {
  const x = e as { data?: { error?: string; response_metadata?: { messages?: string[] } }; statusCode?: number };
  if (x?.data?.error) {
    const detail = x.data.response_metadata?.messages?.slice(0, 3).join('; ');
    return detail ? `${x.data.error}: ${detail}` : x.data.error;
  }
  return userMessage(e);
}

/** The JSON Slack receives: only the fields it knows. */
interface Wire {
  text: string;
  blocks?: Block[];
  response_type?: 'in_channel' | 'ephemeral';
  replace_original?: boolean;
}

function payload(m: SlackMessage): Wire {
  return {
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.response_type ? { response_type: m.response_type } : {}),
    ...(m.replace_original !== undefined ? { replace_original: m.replace_original } : {}),
  };
}

async function deliver(
  log: Log,
  where: string,
  m: SlackMessage,
  send: (p: Wire) => Promise<unknown>,
): Promise<boolean> {
  let first = m;
  const problems = messageProblems(m);
  if (problems.length) {
    log.error(`slack: a message to ${where} breaks Slack's limits (${problems.join('; ')}); sending it as plain text`);
    first = plainMessage(m);
  }
  try {
    await send(payload(first));
    return true;
  } catch (e) {
    if (!first.blocks) {
      log.error(`slack: could not send a message to ${where}: ${reason(e)}`);
      return false;
    }
    log.error(`slack: Slack refused a message to ${where} (${reason(e)}); sending it again as plain text`);
  }
  try {
    await send(payload(plainMessage(first)));
    return true;
  } catch (e) {
    log.error(`slack: the plain-text message to ${where} failed too: ${reason(e)}`);
    return false;
  }
}

/** Answers on a response URL (Bolt's `respond`). */
export const responder =
  (respond: RespondFn, log: Log, where: string): Send =>
  (m) =>
    deliver(log, where, m, (p) => respond(p as RespondArguments));

/** Posts with the bot token (chat.postMessage). */
export const poster =
  (client: AllMiddlewareArgs['client'], log: Log): Post =>
  (channel, m) =>
    deliver(log, `channel ${channel}`, m, (p) =>
      client.chat.postMessage({ channel, text: p.text, ...(p.blocks ? { blocks: p.blocks } : {}) }),
    );

/**
 * Answers in the acknowledgement of a slash command itself (no second request). Slack shows nothing when it
 * refuses an ack, and there is no second chance, so a message that fails the check is acked as plain text.
 */
export async function ackWith(ack: (body: RespondArguments) => Promise<void>, log: Log, m: SlackMessage) {
  const problems = messageProblems(m);
  if (problems.length) log.error(`slack: an ack breaks Slack's limits (${problems.join('; ')}); sending plain text`);
  const body = payload(problems.length ? plainMessage(m) : m);
  await ack({ ...body, response_type: m.response_type ?? 'ephemeral' } as RespondArguments);
}
