/**
 * The site on disk: every file under DIR with its path relative to DIR (`/`-separated, as the key will be), its size
 * and its MD5. Everything that can be wrong with DIR is found here, before any call to the cloud: DIR missing,
 * unreadable or not a directory, a symbolic link leading outside DIR (refused: it would publish a file from elsewhere
 * on the machine), a dangling link, an unreadable file, a name OSS cannot hold.
 *
 * Links inside DIR are followed (a link back to a directory above it is left out, so cycles end). Hidden paths (see
 * `isHidden`) are skipped unless asked for; sockets, FIFOs and devices are skipped and reported.
 */
import { createHash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { mapLimit } from '../engine/limit.js';
import { CloudError } from '../errors.js';
import { isHidden, keyProblem } from './keys.js';

export interface LocalFile {
  /** Path relative to DIR, `/`-separated. */
  rel: string;
  /** Where to read it (a link's own path; reading follows it). */
  abs: string;
  size: number;
  /** MD5 of the content, lower-case hex. */
  md5: string;
}

export interface LocalSite {
  /** Sorted by `rel`. */
  files: LocalFile[];
  /** Hidden paths not deployed (files, or whole directories such as `.git`). */
  hidden: string[];
  /** Other entries left out, with why. */
  ignored: { path: string; why: string }[];
}

const HASH_CONCURRENCY = 16;

const localError = (code: string, message: string, hint: string, cause?: unknown) =>
  new CloudError(message, { service: 'local', code, status: 0, hint, cause });

/** What a failed read of DIR (or a directory in it) means for the user. */
export function dirError(dir: string, e: NodeJS.ErrnoException): CloudError {
  if (e.code === 'ENOENT')
    return localError(
      'DirectoryNotFound',
      `${dir} does not exist`,
      'build the site first, or pass the directory that holds it',
      e,
    );
  if (e.code === 'ENOTDIR')
    return localError(
      'NotADirectory',
      `${dir} is not a directory`,
      'pass the directory that holds the site, not a file',
      e,
    );
  if (e.code === 'EACCES' || e.code === 'EPERM')
    return localError(
      'DirectoryUnreadable',
      `${dir} cannot be read (${e.code})`,
      'give this user read and execute permission on it',
      e,
    );
  return localError(
    'DirectoryUnreadable',
    `${dir} cannot be read: ${e.message}`,
    'check the path and its permissions',
    e,
  );
}

const inside = (root: string, p: string) => {
  const r = relative(root, p);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/** Reads DIR; throws a `local` CloudError for anything that must stop the deploy before it starts. */
export async function scanDirectory(
  dir: string,
  opts: { includeHidden: boolean; exclude?: (rel: string) => boolean },
): Promise<LocalSite> {
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    throw dirError(dir, e as NodeJS.ErrnoException);
  }
  const site: LocalSite = { files: [], hidden: [], ignored: [] };
  const found: { rel: string; abs: string; size: number }[] = [];
  // Each directory remembers the real paths above it, so a link back up (a cycle) is caught; a directory reached
  // both directly and through a link is deployed under both paths, as a web server following links would serve it.
  const pending: { abs: string; rel: string; above: Set<string> }[] = [{ abs: root, rel: '', above: new Set([root]) }];
  while (pending.length > 0) {
    const { abs, rel, above } = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      throw dirError(rel ? join(dir, rel) : dir, e as NodeJS.ErrnoException);
    }
    for (const ent of entries) {
      const childRel = rel ? `${rel}/${ent.name}` : ent.name;
      const childAbs = join(abs, ent.name);
      if (opts.exclude?.(childRel)) continue;
      if (!opts.includeHidden && isHidden(childRel)) {
        site.hidden.push(childRel);
        continue;
      }
      const target = ent.isSymbolicLink() ? await followLink(dir, root, childAbs, childRel) : { abs: childAbs, ent };
      if (target.ent.isDirectory()) {
        if (above.has(target.abs)) site.ignored.push({ path: childRel, why: 'a link back to a directory above it' });
        else pending.push({ abs: target.abs, rel: childRel, above: new Set([...above, target.abs]) });
      } else if (target.ent.isFile()) {
        const problem = keyProblem(childRel);
        if (problem)
          throw localError(
            'InvalidKey',
            `${join(dir, childRel.split('/').join(sep))} cannot be an object key: ${problem}`,
            'rename the file',
          );
        found.push({ rel: childRel, abs: childAbs, size: 0 });
      } else site.ignored.push({ path: childRel, why: 'not a regular file (socket, FIFO or device)' });
    }
  }
  found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  site.files = await mapLimit(found, HASH_CONCURRENCY, (f) => hashFile(dir, f));
  site.hidden.sort();
  site.ignored.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return site;
}

/** A symbolic link: where it leads, if that is inside DIR; otherwise the deploy stops. */
async function followLink(
  dir: string,
  root: string,
  abs: string,
  rel: string,
): Promise<{ abs: string; ent: { isDirectory(): boolean; isFile(): boolean } }> {
  const shown = join(dir, rel.split('/').join(sep));
  let real: string;
  try {
    real = await realpath(abs);
  } catch (e) {
    throw localError(
      'BrokenSymlink',
      `${shown} is a symbolic link to nothing (${(e as NodeJS.ErrnoException).code})`,
      'remove the link or create what it points to',
      e,
    );
  }
  if (!inside(root, real))
    throw localError(
      'SymlinkOutsideDirectory',
      `${shown} is a symbolic link to ${real}, outside ${dir}: deploying it would publish a file from elsewhere on this machine`,
      'copy the file into the site directory if it belongs to the site, or remove the link',
    );
  return { abs: real, ent: await stat(real) };
}

/** Files up to this size are read whole (one read, much faster than a stream for a site's many small files). */
const READ_WHOLE = 4 * 1024 * 1024;

async function hashFile(dir: string, f: { rel: string; abs: string }): Promise<LocalFile> {
  const md5 = createHash('md5');
  let size = 0;
  try {
    if ((await stat(f.abs)).size <= READ_WHOLE) {
      const body = await readFile(f.abs);
      md5.update(body);
      size = body.length;
    } else {
      for await (const chunk of createReadStream(f.abs)) {
        md5.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw localError(
      'FileUnreadable',
      `${join(dir, f.rel.split('/').join(sep))} cannot be read (${err.code ?? err.message})`,
      'give this user read permission on it, or remove it from the site',
      e,
    );
  }
  return { rel: f.rel, abs: f.abs, size, md5: md5.digest('hex') };
}
