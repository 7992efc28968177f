/**
 * The bucket-level read APIs a client needs around the CNAME calls: ListBuckets, GetBucketLocation (works from any
 * region's endpoint: it is how a client finds the right one), GetBucketInfo, GetBucketAcl.
 */
import type { BucketState, World } from '../state.js';
import { isoMs, xmlEscape } from '../util.js';
import { OssError } from './errors.js';
import { type Handled, xmlDoc } from './xml.js';

const owner = (world: World) => {
  const id = world.accounts[0]?.uid ?? '';
  return `<Owner><ID>${id}</ID><DisplayName>${id}</DisplayName></Owner>`;
};

/**
 * ListBuckets (GetService) with OSS's paging: `prefix`, `marker` (names after it), `max-keys` (default 100, at most
 * 1000); a truncated page says `IsTruncated` and the `NextMarker` to ask for next.
 */
export function listBuckets(world: World, q: Map<string, string> = new Map()): Handled {
  const raw = q.get('max-keys');
  const max = raw === undefined || raw === '' ? 100 : Number(raw);
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    throw new OssError('InvalidArgument', 400, 'Argument max-keys must be an integer between 1 and 1000.', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw ?? '',
    });
  const prefix = q.get('prefix') ?? '';
  const marker = q.get('marker') ?? '';
  const all = [...world.buckets.values()]
    .filter((b) => b.name.startsWith(prefix) && b.name > marker)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  const buckets = page
    .map(
      (b) =>
        `<Bucket><Name>${xmlEscape(b.name)}</Name><CreationDate>${isoMs(b.created)}</CreationDate>` +
        `<Location>oss-${b.region}</Location><ExtranetEndpoint>oss-${b.region}.aliyuncs.com</ExtranetEndpoint>` +
        `<IntranetEndpoint>oss-${b.region}-internal.aliyuncs.com</IntranetEndpoint><Region>${b.region}</Region>` +
        '<StorageClass>Standard</StorageClass></Bucket>',
    )
    .join('');
  const paging =
    `<Prefix>${xmlEscape(prefix)}</Prefix><Marker>${xmlEscape(marker)}</Marker><MaxKeys>${max}</MaxKeys>` +
    `<IsTruncated>${truncated}</IsTruncated>${truncated ? `<NextMarker>${xmlEscape(page.at(-1)!.name)}</NextMarker>` : ''}`;
  return {
    status: 200,
    body: xmlDoc('ListAllMyBucketsResult', `${paging}${owner(world)}<Buckets>${buckets}</Buckets>`),
  };
}

export function getBucketLocation(bucket: BucketState): Handled {
  return {
    status: 200,
    body: Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint>oss-${bucket.region}</LocationConstraint>\n`,
    ),
  };
}

export function getBucketInfo(world: World, bucket: BucketState): Handled {
  return {
    status: 200,
    body: xmlDoc(
      'BucketInfo',
      `<Bucket><Name>${xmlEscape(bucket.name)}</Name><Location>oss-${bucket.region}</Location>` +
        `<Region>${bucket.region}</Region><CreationDate>${isoMs(bucket.created)}</CreationDate>` +
        `<ExtranetEndpoint>oss-${bucket.region}.aliyuncs.com</ExtranetEndpoint>` +
        `<IntranetEndpoint>oss-${bucket.region}-internal.aliyuncs.com</IntranetEndpoint>` +
        `<AccessControlList><Grant>${bucket.acl}</Grant></AccessControlList>` +
        `<StorageClass>Standard</StorageClass>${owner(world)}</Bucket>`,
    ),
  };
}

export function getBucketAcl(world: World, bucket: BucketState): Handled {
  return {
    status: 200,
    body: xmlDoc(
      'AccessControlPolicy',
      `${owner(world)}<AccessControlList><Grant>${bucket.acl}</Grant></AccessControlList>`,
    ),
  };
}
