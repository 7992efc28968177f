import { CloudError } from '../../src/core/errors.js';

/** Awaits a call that must fail and returns what was thrown, so a test can look at its code, status and data. */
export async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** `failure`, for adapter calls: what was thrown must be the core's CloudError (never a raw SDK error). */
export async function cloudFailure(p: Promise<unknown>): Promise<CloudError> {
  const e = await failure(p);
  if (!(e instanceof CloudError))
    throw new Error(`expected a CloudError, got ${e?.name ?? typeof e}: ${e?.message ?? e}`);
  return e;
}
