import { describeServiceContract } from '@fleet/shared-testing';
import { validatePayload } from '@fleet/shared-validation';
import * as contract from './index';
import { CommitRequest, ImportProcessRequest } from './index';

describeServiceContract('catalog', contract, {
  subjects: {
    healthCheck: 'catalog.health.check',
    tagSnapshot: 'catalog.tag.snapshot',
    artifactList: 'catalog.artifact.list',
    artifactGet: 'catalog.artifact.get',
    artifactHistory: 'catalog.artifact.history',
    commitCreate: 'catalog.commit.create',
    commitList: 'catalog.commit.list',
    diffGet: 'catalog.diff.get',
    lockTake: 'catalog.lock.take',
    lockRelease: 'catalog.lock.release',
    lockForceRelease: 'catalog.lock.force-release',
    lockList: 'catalog.lock.list',
    tagCreate: 'catalog.tag.create',
    tagList: 'catalog.tag.list',
    processImport: 'catalog.process.import',
  },
  events: {},
  errorCodes: {
    VALIDATION: 'CATALOG.VALIDATION',
    NOT_FOUND: 'CATALOG.NOT_FOUND',
    FORBIDDEN: 'CATALOG.FORBIDDEN',
    CONFLICT: 'CATALOG.CONFLICT',
    LOCKED: 'CATALOG.LOCKED',
    INTERNAL: 'CATALOG.INTERNAL',
  },
});

describe('CommitRequest', () => {
  const projectId = '3f1c6f0e-6f5b-4c1a-9a43-7d1c2b1e0a11';
  it('should accept an add, an update and a remove', () => {
    const req = validatePayload(CommitRequest, {
      projectId,
      parentVersion: 0,
      message: 'first',
      changes: [
        { op: 'add', kind: 'rule', name: 'big_order', displayName: 'Big order', content: { expression: 'amount > 1000', resultType: 'boolean' } },
        { op: 'update', artifactId: projectId, displayName: 'Renamed' },
        { op: 'remove', artifactId: projectId },
      ],
    }, 'CATALOG');
    expect(req.changes).toHaveLength(3);
  });

  it('should name each bad field', () => {
    let fields: string[] = [];
    try {
      validatePayload(CommitRequest, { projectId, parentVersion: -1, message: '', changes: [{ op: 'add', kind: 'nope', name: '1bad' }, { op: 'remove' }] }, 'CATALOG');
    } catch (err) {
      fields = ((err as { details: { fields: { path: string }[] } }).details.fields).map((f) => f.path);
    }
    expect(fields).toEqual(expect.arrayContaining(['parentVersion', 'message', 'changes.0.kind', 'changes.0.name', 'changes.0.displayName', 'changes.0.content', 'changes.1.artifactId']));
  });
});

describe('ImportProcessRequest', () => {
  it('should refuse content that is not base64', () => {
    expect(() => validatePayload(ImportProcessRequest, { projectId: '3f1c6f0e-6f5b-4c1a-9a43-7d1c2b1e0a11', fileName: 'a.bpmn', contentBase64: '<xml/>' }, 'CATALOG')).toThrow();
  });
});
