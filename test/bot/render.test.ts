import { describe, expect, it } from 'vitest';
import { codeBlock } from '../../bot/render/message.js';

describe('codeBlock', () => {
  it('escapes what Slack would turn into a mention or a link, and keeps its fence closed', () => {
    const out = codeBlock('TXT <!channel> & <@U0ADMIN>\n```\nrm -rf\n```\n');
    expect(out).toBe("```\nTXT &lt;!channel&gt; &amp; &lt;@U0ADMIN&gt;\n'''\nrm -rf\n'''\n```");
  });

  it('stays under Slack’s 3,000 characters for a section, saying what was cut', () => {
    const out = codeBlock(Array.from({ length: 400 }, (_, i) => `  + CNAME d${i}.abc.com → abc-img`).join('\n'));
    expect(out.length).toBeLessThan(3000);
    expect(out).toMatch(/more characters not shown\)\n```$/);
  });
});
