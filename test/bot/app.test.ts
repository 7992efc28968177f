/**
 * The Bolt app over real HTTP, signed as Slack signs, without any cloud: everything here must be decided before
 * the core is reached, so the runtime factory counts calls and fails if one happens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeButton } from '../../bot/buttons.js';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../../bot/constants.js';
import { ADMIN, OPERATOR, SECRET, STRANGER, startTestBot, type TestBot, textOf } from '../support/slack-bot.js';
import { blockActionBody, sendSigned, slashCommandBody } from '../support/slack-signing.js';

let tb: TestBot;
let runtimes = 0;
const clock = Date.now();

const button = (over: Partial<Parameters<typeof encodeButton>[0]> = {}) =>
  encodeButton(
    {
      args: { cmd: 'bind', domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', cdn: false },
      requester: ADMIN,
      fingerprint: 'fp',
      expires: clock + 15 * 60_000,
      ...over,
    },
    SECRET,
  );

const lastText = (id: string): string => textOf(tb.slack.responses(id).at(-1)?.body ?? {});
/** An answer given in the ack itself (the HTTP response to Slack's request). */
const acked = async (r: Promise<{ status: number; text: string }>) => {
  const { status, text } = await r;
  expect(status).toBe(200);
  const body = JSON.parse(text) as Record<string, any>;
  return { body, text: textOf(body) };
};

beforeAll(async () => {
  tb = await startTestBot({
    env: { OSS_DOMAINS_CHANNELS: 'C0OPS,C0INFRA' },
    deps: {
      now: () => clock,
      createRuntime: () => {
        runtimes++;
        throw new Error('this test must not reach the cloud');
      },
    },
  });
});
afterAll(() => tb.stop());

describe('the bot over HTTP, before the cloud', () => {
  it('answers help in the ack itself, to the user alone', async () => {
    const { body, text } = await acked(tb.command('help bind', STRANGER, 'help1'));
    expect(text).toContain('/oss bind DOMAIN BUCKET [--region R] [--cdn] [--cert-id ID]');
    expect(body.response_type).toBe('ephemeral');
  });

  it('answers a malformed command with the error and the usage of that command', async () => {
    const { text } = await acked(tb.command('bind img.abc.com abc-img --regoin cn-hangzhou', ADMIN, 'bad1'));
    expect(text).toContain('did you mean --region?');
    expect(text).toContain('/oss bind DOMAIN BUCKET');
  });

  it('rejects a bad signature and a 10-minute-old timestamp without doing anything', async () => {
    const body = slashCommandBody({ text: 'help', user: ADMIN, responseUrl: tb.slack.responseUrl('forged') });
    const forged = await sendSigned(tb.url, body, { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const old = await sendSigned(tb.url, body, { secret: SECRET, timestampSec: Math.floor(Date.now() / 1000) - 600 });
    expect(old.status).toBe(401);
    const click = blockActionBody({
      actionId: CONFIRM_ACTION,
      value: button(),
      user: ADMIN,
      responseUrl: tb.slack.responseUrl('forged'),
    });
    expect((await sendSigned(tb.url, click, { secret: SECRET, signature: 'v0=deadbeef' })).status).toBe(401);
    // A legitimate click afterwards is answered on its response URL, so anything the rejected requests had started
    // would have shown by now; nothing may reach the response URL or the Web API.
    await tb.click(CANCEL_ACTION, button(), ADMIN, 'after-forged');
    await tb.slack.waitFor(() => tb.slack.responses('after-forged').length === 1, 'control click');
    expect(tb.slack.responses('forged')).toHaveLength(0);
    expect(tb.slack.api('chat.postMessage')).toHaveLength(0);
    expect(runtimes).toBe(0);
  });

  it('refuses bind to an operator, saying who may, with no cloud call', async () => {
    const { text } = await acked(tb.command('bind img.abc.com abc-img', OPERATOR, 'op-bind'));
    expect(text).toContain('only admins may bind');
    expect(text).toContain(`<@${ADMIN}>`);
    expect(runtimes).toBe(0);
  });

  it('refuses read commands to someone who is neither, and any command outside the allowed channels', async () => {
    const stranger = await acked(tb.command('status img.abc.com', STRANGER, 'stranger'));
    const elsewhere = await acked(tb.command('status img.abc.com', ADMIN, 'elsewhere', 'C0RANDOM'));
    expect(stranger.text).toContain('only operators and admins may status');
    expect(elsewhere.text).toContain('not available in this channel');
    expect(elsewhere.text).toContain('<#C0OPS>');
    expect(tb.slack.responses().filter((r) => /stranger|elsewhere/.test(r.name))).toHaveLength(0);
    expect(runtimes).toBe(0);
  });

  it("refuses an operator who clicks an admin's confirm button, before any cloud call", async () => {
    await tb.click(CONFIRM_ACTION, button(), OPERATOR, 'op-click');
    await tb.slack.waitFor(() => tb.slack.responses('op-click').length === 1, 'click refusal');
    expect(lastText('op-click')).toContain('only admins may bind');
    const reply = tb.slack.responses('op-click')[0]!.body;
    expect(reply.replace_original).toBe(false);
    expect(runtimes).toBe(0);
  });

  it('refuses a forged or altered button value, and an expired one, saying what to do', async () => {
    const good = button();
    const [payload, mac] = good.split('.');
    const altered = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    altered.a.bucket = 'evil-bucket';
    const forged = `${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${mac}`;
    await tb.click(CONFIRM_ACTION, forged, ADMIN, 'forged-value');
    await tb.click(CONFIRM_ACTION, button({ expires: clock - 1 }), ADMIN, 'expired');
    await tb.slack.waitFor(() => tb.slack.responses().filter((r) => /forged-value|expired/.test(r.name)).length === 2);
    expect(lastText('forged-value')).toContain('not made by this app');
    expect(lastText('expired')).toContain('This button expired');
    expect(lastText('expired')).toContain('/oss bind img.abc.com abc-img --region cn-hangzhou');
    expect(runtimes).toBe(0);
  });

  it('lets the requester cancel, but not an operator', async () => {
    await tb.click(CANCEL_ACTION, button(), OPERATOR, 'cancel-op');
    await tb.slack.waitFor(() => tb.slack.responses('cancel-op').length === 1);
    expect(lastText('cancel-op')).toContain('may cancel it');
    await tb.click(CANCEL_ACTION, button(), ADMIN, 'cancel-admin');
    await tb.slack.waitFor(() => tb.slack.responses('cancel-admin').length === 1);
    expect(lastText('cancel-admin')).toContain('Cancelled by');
    expect(tb.slack.responses('cancel-admin')[0]!.body.replace_original).toBe(true);
    expect(runtimes).toBe(0);
  });

  it('answers GET /healthz for load balancers', async () => {
    const res = await fetch(tb.url.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
  });
});
