import { describe, expect, it } from 'vitest';
import { type ButtonRequest, commandText, decodeButton, encodeButton, MAX_VALUE_LENGTH } from '../../bot/buttons.js';
import { ErrorCode } from '../../bot/errors.js';

const SECRET = 'signing-secret-one';
const NOW = 1_800_000_000_000;
const req: ButtonRequest = {
  args: { cmd: 'bind', domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', cdn: true, certId: '12345' },
  requester: 'U0ADMIN',
  fingerprint: 'Zm9vYmFyYmF6cXV4cXV1eA',
  expires: NOW + 15 * 60_000,
};

describe('button codec', () => {
  it('round-trips the request', () => {
    expect(decodeButton(encodeButton(req, SECRET), SECRET, NOW)).toEqual(req);
  });

  it('rejects a value made with another secret, an altered payload, and garbage', () => {
    const v = encodeButton(req, SECRET);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => decodeButton(v, 'another-secret', NOW))).toBe(ErrorCode.ButtonInvalid);
    const [p, mac] = v.split('.');
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), u: 'U0EVIL' }),
    );
    expect(code(() => decodeButton(`${tampered.toString('base64url')}.${mac}`, SECRET, NOW))).toBe(
      ErrorCode.ButtonInvalid,
    );
    expect(code(() => decodeButton('nonsense', SECRET, NOW))).toBe(ErrorCode.ButtonInvalid);
    expect(code(() => decodeButton(`${p}.`, SECRET, NOW))).toBe(ErrorCode.ButtonInvalid);
  });

  it('expires after 15 minutes, and says which command to run again', () => {
    const v = encodeButton(req, SECRET);
    expect(() => decodeButton(v, SECRET, req.expires)).not.toThrow();
    expect(() => decodeButton(v, SECRET, req.expires + 1)).toThrow(
      expect.objectContaining({
        code: ErrorCode.ButtonExpired,
        message: expect.stringContaining('/oss bind img.abc.com abc-img --region cn-hangzhou --cdn --cert-id 12345'),
      }),
    );
  });

  it("stays within Slack's 2,000 characters for the longest domain", () => {
    const label = 'a'.repeat(63);
    const domain = [label, label, label, 'b'.repeat(57), 'com'].join('.');
    expect(domain.length).toBeLessThanOrEqual(253);
    const v = encodeButton(
      { ...req, args: { ...req.args, domain, bucket: 'c'.repeat(63) } as typeof req.args },
      SECRET,
    );
    expect(v.length).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
  });

  it('writes the command back as typed', () => {
    expect(commandText({ cmd: 'unbind', domain: 'img.abc.com' })).toBe('/oss unbind img.abc.com');
  });
});
