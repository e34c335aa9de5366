import { ARTIFACT_NAME_PATTERN, CatalogErrorCodes, type ImportProcessReply, type ImportProcessRequest } from '@fleet/contracts-catalog';
import { FleetError } from '@fleet/shared-errors';
import { Injectable } from '@nestjs/common';
import { CatalogAccess, type Caller } from '../access/catalog-access';
import { CommitService } from '../commits/commit.service';
import { ReadsService } from '../reads/reads.service';
import { importBpmn } from './bpmn-import';
import { ImportRefused } from './decode';

/** A technical name from a file name: letters, digits, `_`, `.`, `-`, starting with a letter. */
export function nameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.(bpmn2?|xml)$/i, '');
  const cleaned = base.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[^A-Za-z]+/, '');
  const name = (cleaned || 'process').slice(0, 80);
  return ARTIFACT_NAME_PATTERN.test(name) ? name : 'process';
}

/** Imports BPMN files from modeling tools as `process` artifacts (one commit each). */
@Injectable()
export class ImportService {
  constructor(
    private readonly access: CatalogAccess,
    private readonly commits: CommitService,
    private readonly reads: ReadsService,
  ) {}

  async import(caller: Caller, req: ImportProcessRequest): Promise<ImportProcessReply> {
    await this.access.require(caller, 'project.collaborate', req.projectId);
    let imported;
    try {
      imported = await importBpmn(Buffer.from(req.contentBase64, 'base64'));
    } catch (err) {
      if (err instanceof ImportRefused) throw new FleetError(CatalogErrorCodes.VALIDATION, `${req.fileName} was not imported: ${err.message}`, { reason: err.reason, fileName: req.fileName, ...(err.elementId ? { elementId: err.elementId } : {}) });
      throw err;
    }
    const name = req.name ?? nameFromFile(req.fileName);
    const summary = { name, tool: imported.tool, processes: imported.processes, translatedConditions: imported.translatedConditions, warnings: imported.warnings };
    if (req.dryRun) return summary;
    const parentVersion = await this.reads.headVersion(caller, req.projectId);
    const displayName = (req.displayName ?? imported.processName ?? name).slice(0, 200);
    const commit = await this.commits.commit(caller, {
      projectId: req.projectId,
      parentVersion,
      message: req.message ?? `import ${req.fileName} (${imported.tool})`,
      authorName: req.authorName,
      changes: [{ op: 'add', kind: 'process', name, displayName, content: imported.xml }],
    });
    return { ...summary, artifactId: commit.changes[0].artifactId, version: commit.version, warnings: [...imported.warnings, ...commit.warnings] };
  }
}
