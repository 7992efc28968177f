import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../bot/errors.js';
import { addEntry, removeEntry } from '../../bot/gitops/edit.js';

const FILE = `# Domains served from OSS. Reviewed by web-team.
version: 1
owner: web-team
defaults:
  region: cn-hangzhou   # most buckets live here
domains:
  # images for the shop
  - domain: img.abc.com     # the logo lives here
    bucket: abc-img
  # static assets, behind CDN
  - domain: static.abc.com
    bucket: abc-static
    # CDN since 2025
    cdn: true
    https:
      cert-id: "12345"

# end of file
`;

describe('addEntry', () => {
  it('appends one entry after the last, indented alike, leaving every other byte as it was', () => {
    const r = addEntry(FILE, {
      domain: 'new.abc.com',
      bucket: 'abc-new',
      region: 'cn-beijing',
      cdn: true,
      certId: '777',
    });
    expect(r.change).toBe('added');
    const added = `  - domain: new.abc.com
    bucket: abc-new
    region: cn-beijing
    cdn: true
    https:
      cert-id: "777"
`;
    const at = FILE.indexOf('\n# end of file');
    expect(r.text).toBe(FILE.slice(0, at) + added + FILE.slice(at));
  });

  it('leaves region out when the defaults say it, and follows an unindented list', () => {
    const flat = 'version: 1\ndefaults:\n  region: cn-hangzhou\ndomains:\n- domain: a.abc.com\n  bucket: abc-a';
    const r = addEntry(flat, { domain: 'b.abc.com', bucket: 'abc-b', region: 'cn-hangzhou', cdn: false });
    expect(r.text).toBe(`${flat}\n- domain: b.abc.com\n  bucket: abc-b\n`);
  });

  it('fills an empty flow list', () => {
    const r = addEntry('version: 1 # v\ndomains: []\n', {
      domain: 'a.abc.com',
      bucket: 'abc-a',
      region: 'cn-hangzhou',
      cdn: false,
    });
    expect(r.text).toBe(
      'version: 1 # v\ndomains:\n  - domain: a.abc.com\n    bucket: abc-a\n    region: cn-hangzhou\n',
    );
  });

  it('updates an entry declared with other values, and refuses a no-op', () => {
    const r = addEntry(FILE, { domain: 'IMG.abc.com', bucket: 'abc-img2', region: 'cn-hangzhou', cdn: false });
    expect(r.change).toBe('updated');
    expect(r.text).toContain('bucket: abc-img2');
    expect(r.text).toContain('# the logo lives here');
    expect(r.text).toContain('# static assets, behind CDN');
    expect(() =>
      addEntry(FILE, { domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', cdn: false }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.GitOpsNoChange }));
  });

  it('says where a broken file is broken', () => {
    expect(() =>
      addEntry('domains: [\n', { domain: 'a.abc.com', bucket: 'abc', region: 'cn-hangzhou', cdn: false }),
    ).toThrow(/domains\.yml:\d+:\d+ is not valid YAML/);
    expect(() =>
      addEntry('version: 1\n', { domain: 'a.abc.com', bucket: 'abc', region: 'cn-hangzhou', cdn: false }),
    ).toThrow(/no `domains:` list/);
  });
});

describe('removeEntry', () => {
  it('cuts exactly the lines of the entry', () => {
    const r = removeEntry(FILE, 'static.abc.com');
    expect(r.change).toBe('removed');
    expect(r.prune).toBe(false);
    expect(r.text).toBe(FILE.replace(/ {2}- domain: static[\s\S]*?"12345"\n/, ''));
    expect(r.text).toContain('# static assets, behind CDN');
    expect(r.text).toContain('# end of file');
  });

  it('removes the first entry and keeps its neighbours and their comments', () => {
    const r = removeEntry(FILE, 'img.abc.com');
    expect(r.text).not.toContain('img.abc.com');
    expect(r.text).toContain('  # static assets, behind CDN\n  - domain: static.abc.com');
  });

  it('leaves an empty list when the last entry goes', () => {
    const r = removeEntry('version: 1\nprune: true\ndomains:\n  - domain: a.abc.com\n    bucket: abc-a\n', 'a.abc.com');
    expect(r.text).toBe('version: 1\nprune: true\ndomains: []\n');
    expect(r.prune).toBe(true);
  });

  it('finds the entry however the file spells the domain (case, trailing dot, Unicode), as the core reads it', () => {
    const file = 'version: 1\ndomains:\n  - domain: Bücher.ABC.com.\n    bucket: abc-b\n    region: cn-hangzhou\n';
    expect(removeEntry(file, 'xn--bcher-kva.abc.com').text).toBe('version: 1\ndomains: []\n');
  });

  it('refuses a domain the file does not declare', () => {
    expect(() => removeEntry(FILE, 'nope.abc.com')).toThrow(
      expect.objectContaining({ code: ErrorCode.GitOpsNoChange }),
    );
  });
});
