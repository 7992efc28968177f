/**
 * ali-oss ships no type declarations. The adapter (oss.ts) uses only the constructor and narrows the instance to
 * the internal `request()` it calls, so this declares no more than that.
 */
declare module 'ali-oss' {
  const OSS: new (options: Record<string, unknown>) => unknown;
  export default OSS;
}
