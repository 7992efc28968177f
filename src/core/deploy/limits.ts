/** The deploy's numbers that front-ends and documentation show, apart from the code that loads a MIME database. */

/** Files of this size or more are uploaded in parts (and carry `x-oss-meta-md5`); smaller ones in one PutObject. */
export const MULTIPART_THRESHOLD = 100 * 1024 * 1024;
/** The part size of those uploads: 16 MiB, raised when a file would need more than OSS's 10,000 parts. */
export const PART_SIZE = 16 * 1024 * 1024;
/** The metadata name (`x-oss-meta-md5`) holding a multipart upload's MD5, lower-case hex. */
export const MD5_META = 'md5';

/** At most this many directories per domain when URLs do not fit: "the few directories", not one per file. */
export const MAX_DIRECTORIES = 10;
