/**
 * A port whose adapter (and the SDK behind it) is loaded on its first call. The Alibaba Cloud SDKs take most of a
 * second to import (Alidns alone ~0.4 s on a small machine); a command that never reaches a service — `validate`,
 * `policy`, a plan that fails on a bad file, or the Action's cold start to its first OSS call — should not pay for it.
 * Every port method is async, so awaiting the import inside the call changes nothing for the caller.
 */
export function lazyPort<P extends object>(load: () => Promise<P>): P {
  let loading: Promise<P> | undefined;
  const port = () => {
    loading ??= load();
    return loading;
  };
  return new Proxy({} as P, {
    get(_target, prop) {
      // Not a thenable, and no symbol-keyed behaviour: only named methods are forwarded.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      return async (...args: unknown[]) => {
        const p = (await port()) as Record<string, (...a: unknown[]) => Promise<unknown>>;
        const method = p[prop];
        if (typeof method !== 'function') throw new TypeError(`port has no method ${prop}`);
        return method.apply(p, args);
      };
    },
  });
}
