/** Awaits a call that must fail and returns what was thrown, so a test can look at its code, status and data. */
export async function failure(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
