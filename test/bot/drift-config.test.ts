/** `/oss drift` on a domains.yml that does not load: the problems at their lines, with their fixes, and no cloud call. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createContext } from '../../bot/context.js';
import { ErrorCode } from '../../bot/errors.js';
import { driftReply } from '../../bot/flows/read.js';
import { parseSettings } from '../../bot/settings.js';

describe('/oss drift with an invalid OSS_DOMAINS_CONFIG', () => {
  it('names the file, line and column of each problem and how to fix it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'oss-domains-bot-drift-')), 'domains.yml');
    writeFileSync(file, 'version: 1\ndomains:\n  - domain: img.abc.com\n    bukcet: abc-img\n');
    const settings = parseSettings({
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'abcdef0123456789',
      OSS_DOMAINS_CONFIG: file,
    });
    const ctx = createContext(settings, {
      createRuntime: () => {
        throw new Error('drift of an invalid file must not reach the cloud');
      },
    });
    const err = await driftReply(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.ConfigInvalid });
    const message = (err as Error).message;
    expect(message).toContain(`${file} is not valid, so drift cannot be checked:`);
    expect(message).toContain(`${file}:4:5: unknown key "bukcet"`);
    expect(message).toMatch(/\n {2}→ .*bucket/);
  });
});
