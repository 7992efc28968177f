/**
 * DeleteMultipleObjects (`POST /?delete`): up to 1,000 keys in one `<Delete>` document. `Content-MD5` is required
 * (EC 0016-00000606 when absent) and checked against the body; more than 1,000 keys is `MalformedXML`. Keys that do not
 * exist count as deleted. Verbose mode (the default) lists every key in `<Deleted>`; Quiet mode lists only failures,
 * so a call that deleted everything answers 200 with no body. `encoding-type=url` encodes the keys in the answer.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { BucketState } from '../state.js';
import { xmlEscape, xmlUnescape } from '../util.js';
import { OssError } from './errors.js';
import { checkContentMd5, one } from './objects.js';
import { type Handled, xmlDoc } from './xml.js';

export const MAX_DELETE_KEYS = 1_000;

const malformed = (why: string, ec?: string) =>
  new OssError(
    'MalformedXML',
    400,
    `The XML you provided was not well-formed or did not validate against our published schema. (${why})`,
    {},
    ec,
  );

/** Reads `<Delete><Quiet>…</Quiet><Object><Key>…</Key></Object>…</Delete>`; keys are taken verbatim (no trimming). */
function parseDelete(body: Buffer): { quiet: boolean; keys: string[] } {
  const xml = body.toString('utf8');
  const root = /<Delete(?:\s[^>]*)?>([\s\S]*)<\/Delete>/.exec(xml)?.[1];
  if (root === undefined) throw malformed('no <Delete> element', '0016-00000607');
  const quietRaw = /<Quiet>([\s\S]*?)<\/Quiet>/.exec(root)?.[1]?.trim();
  if (quietRaw !== undefined && !/^(true|false)$/i.test(quietRaw)) {
    throw new OssError('InvalidArgument', 400, `The value of Quiet is invalid: ${quietRaw}.`, {}, '0016-00000610');
  }
  const keys: string[] = [];
  for (const m of root.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(m[1]!)?.[1];
    if (key === undefined) throw malformed('an <Object> without <Key>', '0016-00000613');
    keys.push(xmlUnescape(key));
  }
  if (keys.length === 0) throw malformed('no <Object> to delete');
  return { quiet: quietRaw?.toLowerCase() === 'true', keys };
}

export function deleteMultipleObjects(
  bucket: BucketState,
  headers: IncomingHttpHeaders,
  body: Buffer,
  q: Map<string, string>,
): Handled {
  if (one(headers, 'content-md5') === undefined) {
    throw new OssError(
      'MissingArgument',
      400,
      'Missing Some Required Arguments: Content-MD5 is required for DeleteMultipleObjects.',
      { ArgumentName: 'Content-MD5' },
      '0016-00000606',
    );
  }
  checkContentMd5(headers, body);
  const { quiet, keys } = parseDelete(body);
  if (keys.length > MAX_DELETE_KEYS) {
    throw malformed(`${keys.length} keys; at most ${MAX_DELETE_KEYS} may be deleted in one request`);
  }
  for (const k of keys) bucket.objects.delete(k);
  const url = q.get('encoding-type') === 'url';
  if (quiet) return { status: 200 };
  const enc = (k: string) => xmlEscape(url ? encodeURIComponent(k).replace(/%2F/g, '/') : k);
  const deleted = keys.map((k) => `<Deleted><Key>${enc(k)}</Key></Deleted>`).join('');
  return { status: 200, body: xmlDoc('DeleteResult', (url ? '<EncodingType>url</EncodingType>' : '') + deleted) };
}
