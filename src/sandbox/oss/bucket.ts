/**
 * The bucket-level read APIs a client needs around the CNAME calls: ListBuckets, GetBucketLocation (works from any
 * region's endpoint: it is how a client finds the right one), GetBucketInfo, GetBucketAcl.
 */
import type { BucketState, World } from '../state.js';
import { isoMs, xmlEscape } from '../util.js';
import { type Handled, xmlDoc } from './xml.js';

const owner = (world: World) => {
  const id = world.accounts[0]?.uid ?? '';
  return `<Owner><ID>${id}</ID><DisplayName>${id}</DisplayName></Owner>`;
};

export function listBuckets(world: World): Handled {
  const buckets = [...world.buckets.values()]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map(
      (b) =>
        `<Bucket><Name>${xmlEscape(b.name)}</Name><CreationDate>${isoMs(b.created)}</CreationDate>` +
        `<Location>oss-${b.region}</Location><ExtranetEndpoint>oss-${b.region}.aliyuncs.com</ExtranetEndpoint>` +
        `<IntranetEndpoint>oss-${b.region}-internal.aliyuncs.com</IntranetEndpoint><Region>${b.region}</Region>` +
        '<StorageClass>Standard</StorageClass></Bucket>',
    )
    .join('');
  return { status: 200, body: xmlDoc('ListAllMyBucketsResult', `${owner(world)}<Buckets>${buckets}</Buckets>`) };
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
