/**
 * Requests as Slack sends them: slash commands (form-encoded) and button clicks (`payload=<json>`), signed with the
 * v0 scheme — `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed by the signing secret, in
 * `X-Slack-Signature`, with the timestamp (seconds) in `X-Slack-Request-Timestamp`.
 */
import { createHmac } from 'node:crypto';

export const TEAM_ID = 'T0001';

export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SendOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestampSec?: number;
  /** Replace the computed signature (to test rejection). */
  signature?: string;
}

export interface SlackReply {
  status: number;
  text: string;
}

/** POSTs a form body to the bot as Slack would. */
export async function sendSigned(url: string, body: string, o: SendOptions): Promise<SlackReply> {
  const ts = o.timestampSec ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': o.signature ?? slackSignature(o.secret, ts, body),
    },
    body,
  });
  return { status: res.status, text: await res.text() };
}

export interface SlashCommand {
  text: string;
  user: string;
  channel?: string;
  responseUrl: string;
  command?: string;
}

export function slashCommandBody(c: SlashCommand): string {
  return new URLSearchParams({
    token: 'verification-token-unused',
    team_id: TEAM_ID,
    team_domain: 'test',
    channel_id: c.channel ?? 'C0OPS',
    channel_name: 'ops',
    user_id: c.user,
    user_name: c.user.toLowerCase(),
    command: c.command ?? '/oss',
    text: c.text,
    api_app_id: 'A0001',
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: `${Date.now()}.1.abc`,
  }).toString();
}

export interface Click {
  actionId: string;
  value: string;
  user: string;
  channel?: string;
  responseUrl: string;
}

export function blockActionBody(c: Click): string {
  const channel = c.channel ?? 'C0OPS';
  const payload = {
    type: 'block_actions',
    user: { id: c.user, username: c.user.toLowerCase(), name: c.user.toLowerCase(), team_id: TEAM_ID },
    api_app_id: 'A0001',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.1.def`,
    team: { id: TEAM_ID, domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: 'ops' },
    message: { type: 'message', ts: '1700000000.000100', text: 'plan' },
    state: { values: {} },
    response_url: c.responseUrl,
    actions: [
      {
        type: 'button',
        action_id: c.actionId,
        block_id: 'oss_plan_actions',
        text: { type: 'plain_text', text: 'x' },
        value: c.value,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The confirm (or cancel) button of the last plan message posted to a response URL. */
export function buttonOf(message: Record<string, any>, actionId: string): Record<string, any> | undefined {
  for (const b of message.blocks ?? []) {
    if (b.type !== 'actions') continue;
    const el = (b.elements as Record<string, any>[]).find((e) => e.action_id === actionId);
    if (el) return el;
  }
  return undefined;
}
