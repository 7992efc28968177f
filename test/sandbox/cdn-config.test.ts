/**
 * Issue 15 (sandbox side): the CDN function APIs with their documented shapes — BatchSetCdnDomainConfig answers
 * `ConfigId` as a number, DescribeCdnDomainConfigs as a string with PascalCase arguments and a `Status` that goes
 * from configuring to success — their limits, the https_force / http_force conflict, and `oss_auth`, which CDN adds
 * to an `oss` origin by itself.
 */
import * as $Cdn from '@alicloud/cdn20180510';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type CdnClient, failure, type RpcSandbox, rawCall, startRpcSandbox } from '../support/rpc-sandbox.js';

const ORIGIN = 'abc-img.oss-cn-hangzhou.aliyuncs.com';

let h: RpcSandbox;
let cdn: CdnClient;
beforeAll(async () => {
  h = await startRpcSandbox({ timing: { cdnConfigDelayMs: 2_000 } });
  cdn = h.cdn();
});
afterAll(() => h.stop());
beforeEach(() => {
  h.sb.control.reset();
  h.sb.control.seed({
    cdn: [
      { domain: 'img.abc.com', origin: ORIGIN },
      { domain: 'www.abc.com', origin: ORIGIN },
    ],
  });
});

const fn = (functionName: string, args: Record<string, string>, configId?: number) =>
  JSON.stringify([
    {
      functionName,
      functionArgs: Object.entries(args).map(([argName, argValue]) => ({ argName, argValue })),
      ...(configId === undefined ? {} : { configId }),
    },
  ]);
const set = (domains: string, functions: string) =>
  rawCall(cdn, 'BatchSetCdnDomainConfig', { DomainNames: domains, Functions: functions });
const describeConfigs = (domain: string, names?: string) =>
  rawCall(cdn, 'DescribeCdnDomainConfigs', { DomainName: domain, ...(names ? { FunctionNames: names } : {}) });

describe('BatchSetCdnDomainConfig and DescribeCdnDomainConfigs', () => {
  test('ConfigId is a number in BatchSet and a string in Describe; arguments come back in PascalCase', async () => {
    const body = await set('img.abc.com,www.abc.com', fn('https_force', { enable: 'on', https_rewrite: '301' }));
    const models = body.DomainConfigList.DomainConfigModel;
    expect(models).toHaveLength(2);
    expect(models[0]).toEqual({ ConfigId: expect.any(Number), DomainName: 'img.abc.com', FunctionName: 'https_force' });
    const read = await describeConfigs('img.abc.com', 'https_force');
    expect(read.DomainConfigs.DomainConfig).toEqual([
      {
        FunctionName: 'https_force',
        ConfigId: String(models[0].ConfigId),
        Status: 'configuring',
        ParentId: '',
        FunctionArgs: {
          FunctionArg: [
            { ArgName: 'enable', ArgValue: 'on' },
            { ArgName: 'https_rewrite', ArgValue: '301' },
          ],
        },
      },
    ]);
    h.advance(2_000);
    expect((await describeConfigs('img.abc.com', 'https_force')).DomainConfigs.DomainConfig[0].Status).toBe('success');
  });

  test('the SDK models read both answers', async () => {
    const r = await cdn.batchSetCdnDomainConfig(
      new $Cdn.BatchSetCdnDomainConfigRequest({
        domainNames: 'img.abc.com',
        functions: fn('HSTS', { enabled: 'on', https_hsts_max_age: '5184000' }),
      }),
    );
    const id = r.body?.domainConfigList?.domainConfigModel?.[0]?.configId;
    expect(typeof id).toBe('number');
    const d = await cdn.describeCdnDomainConfigs(
      new $Cdn.DescribeCdnDomainConfigsRequest({ domainName: 'img.abc.com', functionNames: 'HSTS' }),
    );
    const cfg = d.body?.domainConfigs?.domainConfig?.[0];
    expect(cfg?.configId).toBe(String(id));
    expect(cfg?.functionArgs?.functionArg?.map((a) => [a.argName, a.argValue])).toEqual([
      ['enabled', 'on'],
      ['https_hsts_max_age', '5184000'],
    ]);
  });

  test('setting a one-rule function again updates it in place: same ConfigId', async () => {
    const first = await set('img.abc.com', fn('https_option', { http2: 'on' }));
    const again = await set('img.abc.com', fn('https_option', { http2: 'off' }));
    expect(again.DomainConfigList.DomainConfigModel[0].ConfigId).toBe(
      first.DomainConfigList.DomainConfigModel[0].ConfigId,
    );
    const list = (await describeConfigs('img.abc.com', 'https_option')).DomainConfigs.DomainConfig;
    expect(list).toHaveLength(1);
    expect(list[0].FunctionArgs.FunctionArg).toEqual([{ ArgName: 'http2', ArgValue: 'off' }]);
  });

  test('an oss origin carries oss_auth from the start', async () => {
    const all = (await describeConfigs('img.abc.com')).DomainConfigs.DomainConfig;
    expect(all.map((c: { FunctionName: string }) => c.FunctionName)).toEqual(['oss_auth']);
    expect(all[0].Status).toBe('success');
  });

  test('https_force cannot join an http_force: delete it first (DeleteSpecificConfig), even when it is off', async () => {
    const http = await set('img.abc.com', fn('http_force', { enable: 'off' }));
    const e = await failure(set('img.abc.com', fn('https_force', { enable: 'on' })));
    expect(e).toMatchObject({ code: 'InvalidFunctions.Conflict', statusCode: 400 });
    const id = String(http.DomainConfigList.DomainConfigModel[0].ConfigId);
    await rawCall(cdn, 'DeleteSpecificConfig', { DomainName: 'img.abc.com', ConfigId: id });
    await set('img.abc.com', fn('https_force', { enable: 'on' }));
    const names = (await describeConfigs('img.abc.com')).DomainConfigs.DomainConfig.map((c: any) => c.FunctionName);
    expect(names.sort()).toEqual(['https_force', 'oss_auth']);
  });

  test('refusals: unknown function or argument, bad value, unknown domain, domains × functions over 50', async () => {
    expect(await failure(set('img.abc.com', fn('no_such_function', { a: 'b' })))).toMatchObject({
      code: 'InvalidFunctions.Malformed',
    });
    expect(await failure(set('img.abc.com', fn('https_force', { enable: 'yes' })))).toMatchObject({
      code: 'InvalidArgValue.Malformed',
    });
    expect(await failure(set('img.abc.com', fn('l2_oss_key', {})))).toMatchObject({
      code: 'InvalidArgValue.Malformed',
    });
    expect(await failure(set('nope.abc.com', fn('https_option', { http2: 'on' })))).toMatchObject({
      code: 'InvalidDomain.NotFound',
      statusCode: 404,
    });
    const many = JSON.stringify(
      Array.from({ length: 26 }, () => ({
        functionName: 'https_option',
        functionArgs: [{ argName: 'http2', argValue: 'on' }],
      })),
    );
    expect(await failure(set('img.abc.com,www.abc.com', many))).toMatchObject({ code: 'InvalidParameter' });
  });

  test('all or nothing: a refused domain leaves the others unchanged', async () => {
    await set('www.abc.com', fn('http_force', { enable: 'on' }));
    await failure(set('img.abc.com,www.abc.com', fn('https_force', { enable: 'on' })));
    const names = (await describeConfigs('img.abc.com')).DomainConfigs.DomainConfig.map((c: any) => c.FunctionName);
    expect(names).toEqual(['oss_auth']);
  });
});
