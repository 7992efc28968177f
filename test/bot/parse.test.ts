import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, commandHelp } from '../../bot/commands/help.js';
import { parseCommand } from '../../bot/commands/parse.js';

const ok = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${r.error.message}`);
  return r.command;
};

describe('parseCommand: valid commands', () => {
  it('reads bind with flags in both spellings', () => {
    expect(ok('bind img.abc.com abc-img --region cn-hangzhou --cdn --cert-id 12345')).toEqual({
      kind: 'bind',
      domain: 'img.abc.com',
      bucket: 'abc-img',
      region: 'cn-hangzhou',
      cdn: true,
      certId: '12345',
    });
    expect(ok('bind img.abc.com abc-img --region=oss-cn-beijing')).toEqual({
      kind: 'bind',
      domain: 'img.abc.com',
      bucket: 'abc-img',
      region: 'cn-beijing',
      cdn: false,
    });
  });

  it('takes flags before positionals and is case-insensitive in the command word', () => {
    expect(ok('BIND --cdn img.abc.com abc-img')).toMatchObject({ kind: 'bind', domain: 'img.abc.com', cdn: true });
  });

  it("unwraps Slack's auto-links, quotes and smart quotes", () => {
    expect(ok('bind <http://img.abc.com|img.abc.com> abc-img')).toMatchObject({ domain: 'img.abc.com' });
    expect(ok('bind <http://img.abc.com> abc-img')).toMatchObject({ domain: 'img.abc.com' });
    expect(ok('bind “img.abc.com” ‘abc-img’ --region="cn-hangzhou"')).toMatchObject({
      domain: 'img.abc.com',
      bucket: 'abc-img',
      region: 'cn-hangzhou',
    });
    expect(ok("unbind 'IMG.abc.com.'")).toEqual({ kind: 'unbind', domain: 'img.abc.com' });
  });

  it('accepts the dashes phones substitute for --', () => {
    expect(ok('bind img.abc.com abc-img —cdn –region cn-hangzhou')).toMatchObject({ cdn: true, region: 'cn-hangzhou' });
  });

  it('normalises an IDN to punycode', () => {
    expect(ok('status bücher.abc.com')).toEqual({ kind: 'status', domain: 'xn--bcher-kva.abc.com' });
  });

  it('reads refresh URLs from links and decodes entities, keeping each URL once', () => {
    expect(
      ok(
        'refresh <https://img.abc.com/a.png?x=1&amp;y=2|img.abc.com/a.png?x=1&amp;y=2> https://img.abc.com/css/ https://img.abc.com/css/ --wait',
      ),
    ).toEqual({
      kind: 'refresh',
      urls: ['https://img.abc.com/a.png?x=1&y=2', 'https://img.abc.com/css/'],
      domains: ['img.abc.com'],
      preload: false,
      wait: true,
    });
  });

  it('reads the optional arguments', () => {
    expect(ok('status')).toEqual({ kind: 'status' });
    expect(ok('list')).toEqual({ kind: 'list' });
    expect(ok('list abc-img --region cn-hangzhou')).toEqual({ kind: 'list', bucket: 'abc-img', region: 'cn-hangzhou' });
    expect(ok('drift')).toEqual({ kind: 'drift' });
  });

  it('answers help for empty text, help, help TOPIC and --help on any command', () => {
    expect(ok('')).toEqual({ kind: 'help' });
    expect(ok('   ')).toEqual({ kind: 'help' });
    expect(ok('help')).toEqual({ kind: 'help' });
    expect(ok('help unbind')).toEqual({ kind: 'help', topic: 'unbind' });
    expect(ok('bind --help')).toEqual({ kind: 'help', topic: 'bind' });
    expect(ok('refresh -h')).toEqual({ kind: 'help', topic: 'refresh' });
  });

  it('treats a quoted "--cdn" as a word, not a flag', () => {
    const r = parseCommand('bind img.abc.com abc-img "--cdn"');
    expect(r.ok).toBe(false);
  });
});

// Each fixture: first line `# expect: <code>: <substring of the message>`, then the command text.
const dir = join(import.meta.dirname, '..', 'fixtures', 'slash');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('parseCommand: malformed corpus (test/fixtures/slash)', () => {
  it('has at least 30 cases', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixtures)('%s yields a clear error', (file) => {
    const raw = readFileSync(join(dir, file), 'utf8');
    const [head, ...body] = raw.split('\n');
    const m = /^# expect: ([a-z_]+): (.+)$/.exec(head ?? '');
    expect(m, `${file}: first line must be "# expect: code: text"`).not.toBeNull();
    const text = body.join('\n').replace(/\n$/, '');
    const r = parseCommand(text);
    expect(r.ok, `${file} parsed but should not have`).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(m![1]);
    expect(r.error.message).toContain(m![2]);
    // A clear error is one short paragraph, never a stack trace, and comes with help for the command tried.
    expect(r.error.message.length).toBeLessThan(300);
    expect(r.error.message).not.toMatch(/\n\s+at /);
    if (r.error.topic) expect(commandHelp(r.error.topic)).toContain(COMMANDS[r.error.topic].usage);
  });
});
