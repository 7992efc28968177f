/**
 * Reads the XML body of a successful OSS answer, in place of ali-oss's `xmlResponse` (xml2js over sax). A `plan` of a
 * large account reads hundreds of them (a ListCname holds up to 100 bindings per bucket); saxes, a strict,
 * conformant streaming parser, with the small tree builder below, takes about a fifth of xml2js's CPU for them.
 *
 * The result has the shape xml2js gave ali-oss (`explicitRoot: false, explicitArray: false`), with one difference
 * the callers ask for: an element listed in `arrays` is always an array, whether the answer holds none of it (then it
 * is absent), one or several. So:
 * - the root element is dropped: the result is its content, an object of its children, or its text when it has none
 *   (`''` when empty); an empty body (a Quiet DeleteMultipleObjects that deleted everything) is `undefined`;
 * - every value is a string exactly as sent (no number or boolean coercion, no trimming); an element that occurs
 *   more than once becomes an array; text beside child elements (the answer's indentation) is dropped;
 * - XML's predefined entities and character references are decoded, CDATA is text; attributes are ignored (no call
 *   reads one);
 * - a body that is not one well-formed XML document (cut short, say) is an OssXmlError, never a partial result.
 */
import { SaxesParser } from 'saxes';

// The decoded tree's shape is the API's: each caller reads the fields it knows.
export type OssXml = any;

export interface OssXmlShape {
  /** Elements that may repeat, as paths below the root (`Cname`, `Buckets.Bucket`): always arrays. */
  arrays?: readonly string[];
}

/** An answer whose body could not be read as XML. */
export class OssXmlError extends Error {
  override name = 'OssXmlError';
}

interface Frame {
  name: string;
  /** Children by name; undefined until the first child closes. */
  children?: Record<string, unknown>;
  text: string;
}

/** Whether the element being closed (the top of `stack`, below the document frame) is listed in `arrays`. */
function listed(stack: Frame[], arrays: ReadonlySet<string>, names: ReadonlySet<string>): boolean {
  const name = stack[stack.length - 1]!.name;
  // stack[0] is the document, stack[1] the root element, which paths leave out.
  if (stack.length <= 2 || !names.has(name)) return false;
  let path = name;
  for (let i = stack.length - 2; i >= 2; i--) path = `${stack[i]!.name}.${path}`;
  return arrays.has(path);
}

function add(parent: Frame, name: string, value: unknown, asArray: boolean): void {
  parent.children ??= {};
  const siblings = parent.children;
  if (Object.hasOwn(siblings, name)) {
    const prev = siblings[name];
    if (Array.isArray(prev)) prev.push(value);
    else siblings[name] = [prev, value];
  } else if (name === '__proto__') {
    // Assigning would set the object's prototype: an element of that name is a field like any other.
    Object.defineProperty(siblings, name, { value: asArray ? [value] : value, enumerable: true, writable: true });
  } else {
    siblings[name] = asArray ? [value] : value;
  }
}

/** The content of the root element of `body` (a Buffer as ali-oss returns it, or text). */
export function parseOssXml(body: Buffer | string | undefined | null, shape: OssXmlShape = {}): OssXml {
  const xml = Buffer.isBuffer(body) ? body.toString('utf8') : (body ?? '');
  if (xml.trim() === '') return undefined;
  const arrays = new Set(shape.arrays);
  const names = new Set([...arrays].map((a) => a.slice(a.lastIndexOf('.') + 1)));
  const stack: Frame[] = [{ name: '', text: '' }];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    stack.push({ name: tag.name, text: '' });
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('cdata', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', (tag) => {
    const asArray = listed(stack, arrays, names);
    const done = stack.pop()!;
    add(stack[stack.length - 1]!, tag.name, done.children ?? done.text, asArray);
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    throw new OssXmlError(`the answer is not well-formed XML: ${(e as Error).message}`, { cause: e });
  }
  const doc = stack[0]!.children ?? {};
  return doc[Object.keys(doc)[0]!];
}
