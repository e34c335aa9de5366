import type { TagSnapshotReply } from '@fleet/contracts-catalog';
import {
  DeploymentErrorCodes,
  PACKAGE_FORMAT,
  type BuildPackageRequest,
  type GetPackageRequest,
  type ImportPackageRequest,
  type InspectionReply,
  type ListPackagesRequest,
  type PackageContent,
  type PackageFile,
  type PackageFileReply,
  type PackageListReply,
  type PackageReply,
} from '@fleet/contracts-deployment';
import { FleetError } from '@fleet/shared-errors';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DeploymentAudit } from '../audit/audit.service';
import { EnvironmentState } from '../deployments/deployment.entities';
import { SigningService } from '../keys/signing.service';
import { inspect } from './domain/inspection';
import { checksumOf, contentOfSnapshot, PackageRejected, parsePackageFile } from './domain/package-content';
import { PackageRecord } from './package.entity';

export function fileOf(r: PackageRecord): PackageFile {
  return JSON.parse(r.file) as PackageFile;
}

function toReply(r: PackageRecord): PackageReply {
  const f = fileOf(r);
  return {
    id: r.packageId,
    projectId: r.projectId,
    companyId: r.companyId,
    tag: r.tag,
    version: r.version,
    commitId: r.commitId,
    origin: r.origin,
    signedBy: r.signedBy,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    artifacts: f.content.artifacts.map((a) => ({ kind: a.kind, name: a.name, displayName: a.displayName, contentHash: a.contentHash })),
  };
}

/** Maps a domain refusal to DEPLOYMENT.VALIDATION on the `file` field. */
function rejected(err: unknown): never {
  if (err instanceof PackageRejected) throw new FleetError(DeploymentErrorCodes.VALIDATION, `the package is refused: ${err.message}`, { fields: [{ path: 'file', reason: err.message }], reasons: err.reasons });
  throw err;
}

/** Packages: build from a catalog tag, list, get, export as a signed file, import a trusted file, inspect against an environment. */
@Injectable()
export class PackagesService {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    private readonly signing: SigningService,
    private readonly audit: DeploymentAudit,
  ) {}

  /** Freezes a snapshot into a signed package of `projectId`; the same tag content gives the same package (idempotent). */
  async build(req: BuildPackageRequest, companyId: string, snapshot: TagSnapshotReply, actorId: string): Promise<PackageReply> {
    if (snapshot.projectId !== req.projectId || snapshot.tag !== req.tag) throw new FleetError(DeploymentErrorCodes.UNAVAILABLE, 'the catalog answered a snapshot of another tag');
    let content: PackageContent;
    try {
      content = contentOfSnapshot(snapshot);
    } catch (err) {
      return rejected(err);
    }
    const checksum = checksumOf(content);
    const file: PackageFile = { format: PACKAGE_FORMAT, checksum, content, signature: this.signing.sign(checksum) };
    return this.store(req.projectId, companyId, file, 'built', this.signing.publicKey().keyId, actorId);
  }

  async import(req: ImportPackageRequest, companyId: string, actorId: string): Promise<PackageReply> {
    let file: PackageFile;
    try {
      file = parsePackageFile(req.file);
    } catch (err) {
      return rejected(err);
    }
    const signer = await this.signing.verifyTrusted(file, companyId);
    return this.store(req.projectId, companyId, file, 'imported', signer, actorId);
  }

  private async store(projectId: string, companyId: string, file: PackageFile, origin: 'built' | 'imported', signer: string, actorId: string): Promise<PackageReply> {
    return this.ds.transaction(async (m) => {
      const existing = await m.getRepository(PackageRecord).findOne({ where: { projectId, packageId: file.checksum } });
      if (existing) return toReply(existing);
      const c = file.content;
      const row: PackageRecord = { id: randomUUID(), packageId: file.checksum, projectId, companyId, tag: c.tag, version: c.version, commitId: c.commitId, origin, signedBy: signer, file: JSON.stringify(file), createdBy: actorId, createdAt: new Date() };
      await m.getRepository(PackageRecord).insert(row as never);
      if (origin === 'imported') await this.audit.record(m, { companyId, action: 'package.imported', actorId, subjectId: file.checksum, details: { projectId, signedBy: signer, tag: c.tag } });
      return toReply(row);
    });
  }

  async list(req: ListPackagesRequest): Promise<PackageListReply> {
    const [rows, total] = await this.ds.getRepository(PackageRecord).findAndCount({ where: { projectId: req.projectId }, order: { createdAt: 'DESC', id: 'ASC' }, take: req.limit ?? 100, skip: req.offset ?? 0 });
    return { items: rows.map(toReply), total };
  }

  async record(projectId: string, packageId: string, m: EntityManager = this.ds.manager): Promise<PackageRecord> {
    const row = await m.getRepository(PackageRecord).findOne({ where: { projectId, packageId } });
    if (!row) throw new FleetError(DeploymentErrorCodes.NOT_FOUND, `package ${packageId} not found in project ${projectId}`);
    return row;
  }

  async get(req: GetPackageRequest): Promise<PackageReply> {
    return toReply(await this.record(req.projectId, req.packageId));
  }

  async export(req: GetPackageRequest): Promise<PackageFileReply> {
    const row = await this.record(req.projectId, req.packageId);
    return { fileName: `${row.tag}-${row.packageId.slice(0, 12)}.fleetpkg.json`, file: row.file };
  }

  /** The package's object list and verdict against what `environmentId` (of the same project) runs now. */
  async inspect(projectId: string, packageId: string, environmentId: string, m: EntityManager = this.ds.manager): Promise<InspectionReply> {
    const next = fileOf(await this.record(projectId, packageId, m)).content;
    const state = await m.getRepository(EnvironmentState).findOne({ where: { environmentId } });
    const current = state?.currentPackageId ? await this.currentContent(m, state) : undefined;
    return { packageId, environmentId, currentPackageId: state?.currentPackageId ?? null, ...inspect(next, current) };
  }

  private async currentContent(m: EntityManager, state: EnvironmentState): Promise<PackageContent | undefined> {
    const row = await m.getRepository(PackageRecord).findOne({ where: { projectId: state.projectId, packageId: state.currentPackageId! } });
    return row ? fileOf(row).content : undefined;
  }
}
