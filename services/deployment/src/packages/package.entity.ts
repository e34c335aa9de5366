import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A package known to a project of this installation (built here or imported). Immutable. */
export class PackageRecord {
  id!: string;
  packageId!: string;
  projectId!: string;
  companyId!: string;
  tag!: string;
  version!: number;
  commitId!: string;
  origin!: 'built' | 'imported';
  signedBy!: string;
  /** The whole signed package file (JSON text). */
  file!: string;
  createdBy!: string;
  createdAt!: Date;
}

export const packageDefinition: EntityDefinition<PackageRecord> = {
  target: PackageRecord,
  table: 'packages',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    packageId: { column: 'package_id', kind: col.string(64) },
    projectId: { column: 'project_id', kind: col.id() },
    companyId: { column: 'company_id', kind: col.id() },
    tag: { column: 'tag', kind: col.string(64) },
    version: { column: 'version', kind: col.int() },
    commitId: { column: 'commit_id', kind: col.id() },
    origin: { column: 'origin', kind: col.string(10) },
    signedBy: { column: 'signed_by', kind: col.string(22) },
    file: { column: 'file', kind: col.text() },
    createdBy: { column: 'created_by', kind: col.string(64) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_packages_project_package', columns: ['projectId', 'packageId'], unique: true }],
};

export const packageEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, packageDefinition)];
