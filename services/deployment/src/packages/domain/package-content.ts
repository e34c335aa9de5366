import type { TagSnapshotReply } from '@fleet/contracts-catalog';
import { PACKAGE_FORMAT, type PackageContent, type PackageFile } from '@fleet/contracts-deployment';
import { canonicalJson, sha256Hex } from './canonical';

/** A domain refusal with the reasons (mapped to the service's error codes at the edge of the service). */
export class PackageRejected extends Error {
  constructor(
    message: string,
    readonly reasons: string[] = [],
  ) {
    super(message);
  }
}

/** The package content of a tag snapshot; refuses artifacts whose content does not match their hash. */
export function contentOfSnapshot(s: TagSnapshotReply): PackageContent {
  const bad = s.artifacts.filter((a) => sha256Hex(Buffer.from(a.content, 'utf8')) !== a.contentHash);
  if (bad.length) throw new PackageRejected('the catalog snapshot has artifacts whose content does not match their hash', bad.map((a) => `${a.kind} ${a.name}`));
  const artifacts = [...s.artifacts]
    .map((a) => ({ id: a.id, kind: a.kind, name: a.name, displayName: a.displayName, content: a.content, contentHash: a.contentHash }))
    .sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : a.kind < b.kind ? -1 : 1));
  return { format: PACKAGE_FORMAT, sourceProjectId: s.projectId, sourceCompanyId: s.companyId, tag: s.tag, version: s.version, commitId: s.commitId, taggedAt: new Date(s.createdAt).toISOString(), artifacts };
}

/** The package id: SHA-256 of the canonical JSON of its content. */
export const checksumOf = (c: PackageContent): string => sha256Hex(canonicalJson(c));

/** The bytes a signature covers. */
export const signedText = (checksum: string): string => `${PACKAGE_FORMAT}\n${checksum}`;

/**
 * Parses an uploaded package file (base64 of its JSON text) and checks what does not need a key:
 * format, shape, every artifact's hash, and that the checksum is the content's. The signature is
 * checked by the caller against its trusted keys.
 */
export function parsePackageFile(base64: string): PackageFile {
  let file: PackageFile;
  try {
    file = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as PackageFile;
  } catch {
    throw new PackageRejected('the file is not a package file (not base64 of JSON)');
  }
  const c = file?.content;
  if (file?.format !== PACKAGE_FORMAT || !c || !Array.isArray(c.artifacts) || typeof file.checksum !== 'string' || !file.signature) throw new PackageRejected(`the file is not a ${PACKAGE_FORMAT} package`);
  if (typeof c.tag !== 'string' || typeof c.version !== 'number' || typeof c.commitId !== 'string') throw new PackageRejected('the package content lacks its tag, version or commit');
  const badArtifacts = c.artifacts.filter((a) => typeof a?.content !== 'string' || sha256Hex(Buffer.from(a.content, 'utf8')) !== a.contentHash);
  if (badArtifacts.length) throw new PackageRejected('artifacts do not match their hashes', badArtifacts.map((a) => `${String(a?.kind)} ${String(a?.name)}`));
  if (checksumOf(c) !== file.checksum) throw new PackageRejected('the checksum does not match the content');
  return file;
}
