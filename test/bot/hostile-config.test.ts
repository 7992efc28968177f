/**
 * The bot reads the repository's domains.yml in its own process (GitOps `/oss drift`). A hostile file there — a
 * 2.4 MB alias bomb — must be refused by the same limits as the CLI's, at once, so the bot keeps answering: every
 * Slack command has 3 seconds to be acknowledged, and one stalled parse would hold them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEntry, removeEntry } from '../../bot/gitops/edit.js';
import { OPERATOR, STRANGER, startTestBot, type TestBot, textOf } from '../support/slack-bot.js';
import { type LocalGitHub, startLocalGitHub } from '../support/slack-github-api.js';

const TOKEN = 'ghp_hostiletoken0001';
const head = 'version: 1\nowner: web\ndefaults: &e\n  region: cn-hangzhou\ndomains:\n';
const BOMB = head + '  - *e\n'.repeat(Math.ceil((2.4e6 - head.length) / 7));

let gh: LocalGitHub;
let tb: TestBot;
beforeAll(async () => {
  gh = await startLocalGitHub({ owner: 'web-team', repo: 'infra', token: TOKEN, files: { 'domains.yml': BOMB } });
  tb = await startTestBot({
    env: { OSS_DOMAINS_REPO: 'web-team/infra', GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url },
    deps: {
      createRuntime: () => {
        throw new Error('a file that does not load must not reach the cloud');
      },
    },
  });
});
afterAll(async () => {
  await tb.stop();
  await gh.close();
});

describe('a 2.4 MB alias bomb in the repository', () => {
  it('/oss drift answers with the file:line:col error, and /oss help is answered meanwhile', async () => {
    const drift = await tb.command('drift', OPERATOR, 'drift');
    expect(drift.status).toBe(200);
    // Asked while the bot fetches and reads the file: answered in the ack itself.
    const help = await tb.command('help', STRANGER, 'help');
    expect(help.status).toBe(200);
    expect(textOf(JSON.parse(help.text))).toContain('/oss drift');

    await tb.slack.waitFor(() => tb.slack.responses('drift').length > 0, 'the drift answer', 30_000);
    const answer = textOf(tb.slack.responses('drift').at(-1)!.body);
    expect(answer).toContain('web-team/infra:domains.yml is not valid, so drift cannot be checked');
    expect(answer).toContain('domains.yml:106:5: more than 100 YAML aliases (this *e is alias number 101)');
    // The same command works again at once: nothing is left holding the process.
    const again = await tb.command('help drift', STRANGER, 'help2');
    expect(again.status).toBe(200);
  }, 60_000);
});

describe('a GitOps bind or unbind of a hostile repository file', () => {
  const bind = { domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', cdn: false };

  it('the alias bomb is refused before the file is edited', () => {
    expect(() => addEntry(BOMB, bind, 'domains.yml')).toThrow(
      /^domains\.yml:106:5: more than 100 YAML aliases \(this \*e is alias number 101\)/,
    );
    expect(() => removeEntry(BOMB, 'img.abc.com', 'domains.yml')).toThrow(/more than 100 YAML aliases/);
  });

  it('a mapping of 40,000 keys is edited in linear time', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: 1\n`).join('');
    const edit = addEntry(`version: 1\nx:\n${keys}domains: []\n`, bind, 'domains.yml');
    expect(edit.text).toContain('img.abc.com');
  }, 60_000);
});
