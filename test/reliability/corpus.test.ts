/**
 * The malformed-input corpora, end to end: every malformed domains.yml (test/fixtures/config/NN-*.yml) through the
 * CLI's plan, apply and drift, and every malformed slash command (test/fixtures/slash/*.txt) through the running bot
 * as Slack sends it, each against a sandbox whose call log must stay empty: a clear error, and no cloud call at all
 * (not even a read). test/config/fixtures.test.ts and test/bot/parse.test.ts check the exact messages of the parsers;
 * this checks what a user of each front-end gets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ADMIN, startTestBot, type TestBot } from '../support/slack-bot.js';

const CONFIG_DIR = join(import.meta.dirname, '../fixtures/config');
const SLASH_DIR = join(import.meta.dirname, '../fixtures/slash');
const malformedConfigs = readdirSync(CONFIG_DIR)
  .filter((f) => /^\d+-.*\.yml$/.test(f))
  .sort();
const malformedCommands = readdirSync(SLASH_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ dnsPort: false });
});
afterAll(async () => {
  await sb.stop();
});

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = new PassThrough().on('data', (c) => {
    stdout += c;
  });
  const err = new PassThrough().on('data', (c) => {
    stderr += c;
  });
  const status = await main(args, {
    stdout: out,
    stderr: err,
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    env: { ...sb.env, HOME: CONFIG_DIR },
    cwd: CONFIG_DIR,
  });
  return { status, stdout, stderr };
}

describe('CLI on the malformed domains.yml corpus: a positioned error, and no cloud call', () => {
  it('has at least 50 malformed files', () => {
    expect(malformedConfigs.length).toBeGreaterThanOrEqual(50);
  });

  it('(control) a valid file does reach this sandbox, so an empty call log means something', async () => {
    sb.control.clearCalls();
    const r = await cli(['plan', '-c', 'valid/minimal.yml']);
    expect(r.status, r.stderr).not.toBe(1);
    expect(sb.control.calls().length).toBeGreaterThan(0);
  });

  it.each(malformedConfigs)('%s', async (file) => {
    const first = /^# expect: (\d+):(\d+) (.*?)(?: \|\| .*)?$/m.exec(readFileSync(join(CONFIG_DIR, file), 'utf8'));
    expect(first, `${file} has no "# expect:" line`).not.toBeNull();
    const [, line, column, message] = first!;
    for (const command of [['plan'], ['apply', '--yes'], ['drift'], ['plan', '--json']]) {
      sb.control.clearCalls();
      const r = await cli([...command, '-c', file]);
      const what = `${command.join(' ')} -c ${file}`;
      expect(r.status, `${what} exit status`).toBe(1);
      expect(r.stderr, `${what} names the place`).toContain(`${file}:${line}:${column}: `);
      expect(r.stderr, `${what} says what is wrong`).toContain(message);
      expect(r.stderr, `${what} says nothing changed`).toMatch(/nothing was changed/);
      expect(r.stderr, `${what} prints no stack trace`).not.toMatch(/\n\s+at /);
      expect(sb.control.calls(), `${what} called the cloud`).toEqual([]);
      if (command.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ ok: false });
    }
  });
});

describe('the bot on the malformed slash-command corpus: a clear answer, and no cloud call', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ env: { ...sb.env } });
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('has at least 30 malformed commands', () => {
    expect(malformedCommands.length).toBeGreaterThanOrEqual(30);
  });

  it('(control) a valid command does reach this sandbox, so an empty call log means something', async () => {
    sb.control.clearCalls();
    await bot.command('status img.abc.com', ADMIN, 'control');
    // Its answer needs the cloud, so it comes on the response URL once every read is done.
    await bot.slack.waitFor(() => bot.slack.responses('control').length > 0, 'the answer to status');
    expect(sb.control.calls().length).toBeGreaterThan(0);
  });

  it.each(malformedCommands)('%s', async (file) => {
    const [head, ...body] = readFileSync(join(SLASH_DIR, file), 'utf8').split('\n');
    const expected = /^# expect: [a-z_]+: (.+)$/.exec(head ?? '')?.[1];
    expect(expected, `${file} has no "# expect:" line`).toBeDefined();
    const text = body.join('\n').replace(/\n$/, '');
    sb.control.clearCalls();
    // From an admin in an allowed channel: nothing but the text itself can be wrong.
    const ack = await bot.command(text, ADMIN, file);
    expect(ack.status, `${file}: Slack must get its acknowledgement`).toBe(200);
    // The answer comes in the acknowledgement itself, or (for work that takes longer) on the response URL.
    if (!ack.text.trim()) await bot.slack.waitFor(() => bot.slack.responses(file).length > 0, `the answer to ${file}`);
    const answer = (ack.text.trim() ? JSON.parse(ack.text) : bot.slack.responses(file)[0]!.body) as {
      text: string;
      response_type?: string;
    };
    expect(answer.text).toContain(expected);
    expect(answer.response_type, 'errors are shown to the sender only').toBe('ephemeral');
    expect(answer.text).not.toMatch(/\n\s+at /);
    expect(sb.control.calls(), `${file} called the cloud`).toEqual([]);
    // Nothing was posted anywhere else (no audit message, no channel post).
    expect(bot.slack.api('chat.postMessage')).toEqual([]);
  });
});
