/**
 * The RAM actions a deploy calls, and the least-privilege policy for one bucket and prefix (RAM resource formats as
 * in policy.ts: objects `acs:oss:*:*:<bucket>/<prefix>*`, the bucket `acs:oss:*:*:<bucket>`, CDN refresh calls `*`).
 */
import { CDN_CALLS, OSS_CALLS, ram } from '../aliyun/ram.js';
import type { PolicyStatement, RamPolicy } from '../policy.js';

/** Listing the prefix (ListObjectsV2 is authorised as oss:ListObjects, on the bucket, narrowed by oss:Prefix). */
export const DEPLOY_LIST_ACTIONS = ram('oss', OSS_CALLS, 'listObjectPage');
/**
 * Writing objects: PutObject (also InitiateMultipartUpload, UploadPart and CompleteMultipartUpload), aborting a failed
 * upload in parts, and reading an object's metadata (HeadObject) and the refresh journal (GetObject).
 */
export const DEPLOY_OBJECT_ACTIONS = ram('oss', OSS_CALLS, 'putFile', 'putFileInParts', 'headObjectMeta', 'getObject');
/** Deleting: `--delete` (DeleteMultipleObjects is authorised per object as oss:DeleteObject) and the journal. */
export const DEPLOY_DELETE_ACTIONS = ram('oss', OSS_CALLS, 'deleteObjects', 'deleteObject');
/** Which CDN domains front the bucket and which of its bindings have the console's auto-refresh on. */
export const DEPLOY_READ_ACTIONS = ram('oss', OSS_CALLS, 'listCnames', 'getBucketRegion');
export const DEPLOY_CDN_ACTIONS = [
  // listDomains({ owners: false }): the domain listing without the owner tags.
  'cdn:DescribeUserDomains',
  ...ram('cdn', CDN_CALLS, 'getRefreshQuota', 'refresh', 'preload', 'getRefreshTasks'),
];

/** The policy `deploy DIR --bucket <bucket> --prefix <prefix>` needs (with every option). */
export function deployPolicy(bucket: string, prefix: string): RamPolicy {
  const b = `acs:oss:*:*:${bucket}`;
  const statements: PolicyStatement[] = [
    {
      Effect: 'Allow',
      Action: DEPLOY_LIST_ACTIONS,
      Resource: [b],
      ...(prefix ? { Condition: { StringLike: { 'oss:Prefix': [`${prefix}*`] } } } : {}),
    },
    { Effect: 'Allow', Action: [...DEPLOY_OBJECT_ACTIONS, ...DEPLOY_DELETE_ACTIONS], Resource: [`${b}/${prefix}*`] },
    { Effect: 'Allow', Action: DEPLOY_READ_ACTIONS, Resource: [b] },
    { Effect: 'Allow', Action: DEPLOY_CDN_ACTIONS, Resource: ['*'] },
  ];
  return { Version: '1', Statement: statements };
}
