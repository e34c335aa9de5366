import type { ArtifactKind, ConnectorContent, EntityContent, FormContent, JobContent, ParameterContent, RuleContent } from '@fleet/contracts-catalog';
import { breakingChanges } from './entity-compat';
import { refKey, type ContentCheck, type Finding } from './findings';
import { checkConnector, checkEntity, checkForm, checkJob, checkParameter, checkProcess, checkRule } from './kind-checks';

/** An artifact as the commit would leave it. */
export interface ResultingArtifact {
  id: string;
  kind: ArtifactKind;
  name: string;
  content: string;
}

/** One artifact the commit adds or changes, with its head state before (absent for an add). */
export interface TouchedArtifact {
  after: ResultingArtifact;
  before?: ResultingArtifact;
}

export interface CommitValidation {
  errors: Finding[];
  warnings: string[];
  /** The references of each touched artifact (`kind:name`), to store. */
  refs: Map<string, string[]>;
}

function checkContent(a: ResultingArtifact): Promise<ContentCheck> | ContentCheck {
  if (a.kind === 'process') return checkProcess(a.content);
  const c = JSON.parse(a.content) as unknown;
  switch (a.kind) {
    case 'entity':
      return checkEntity(c as EntityContent);
    case 'form':
      return checkForm(c as FormContent);
    case 'rule':
      return checkRule(c as RuleContent);
    case 'connector':
      return checkConnector(c as ConnectorContent);
    case 'job':
      return checkJob(c as JobContent);
    case 'parameter':
      return checkParameter(c as ParameterContent);
  }
}

function formAttributes(a: ResultingArtifact, head: Map<string, ResultingArtifact>): { elementId: string; message: string }[] {
  const form = JSON.parse(a.content) as FormContent;
  const entity = head.get(refKey('entity', form.entity));
  if (!entity || !Array.isArray(form.fields)) return [];
  const names = new Set(((JSON.parse(entity.content) as EntityContent).attributes ?? []).map((x) => x.name));
  return form.fields
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => f && !names.has(f.attribute))
    .map(({ f, i }) => ({ elementId: `fields[${i}]`, message: `attribute ${String(f.attribute)} is not an attribute of entity ${form.entity}` }));
}

/**
 * Validates what a commit would leave: each touched artifact's content, its references against the
 * resulting head, form fields against their entity, entity changes that break stored data, and
 * that nothing still references a removed or renamed artifact (`dangling`: keys gone from the head,
 * with the stored references of untouched artifacts).
 */
export async function validateCommit(
  touched: TouchedArtifact[],
  head: Map<string, ResultingArtifact>,
  untouchedRefs: { artifact: ResultingArtifact; refs: string[] }[],
  gone: Set<string>,
  allowBreakingChanges: boolean,
): Promise<CommitValidation> {
  const errors: Finding[] = [];
  const warnings: string[] = [];
  const refs = new Map<string, string[]>();
  for (const { after, before } of touched) {
    const at = { artifactId: after.id, kind: after.kind, name: after.name };
    const result = await checkContent(after);
    for (const p of result.problems) errors.push({ ...at, ...p });
    refs.set(after.id, [...new Set(result.refs.map((r) => r.key))]);
    for (const r of result.refs) if (!head.has(r.key)) errors.push({ ...at, elementId: r.elementId, rule: 'MISSING_REFERENCE', message: `${r.key.replace(':', ' ')} does not exist in the project` });
    if (after.kind === 'form' && result.problems.length === 0) for (const f of formAttributes(after, head)) errors.push({ ...at, ...f, rule: 'UNKNOWN_ATTRIBUTE' });
    if (after.kind === 'entity' && before && result.problems.length === 0) {
      for (const [elementId, message] of breakingChanges(JSON.parse(before.content) as EntityContent, JSON.parse(after.content) as EntityContent)) {
        if (allowBreakingChanges) warnings.push(`entity ${after.name} (${elementId}): ${message}`);
        else errors.push({ ...at, elementId, rule: 'ENTITY_BREAKING_CHANGE', message: `${message} (commit with allowBreakingChanges to accept)` });
      }
    }
  }
  for (const { artifact, refs: keys } of untouchedRefs) {
    for (const key of keys.filter((k) => gone.has(k))) errors.push({ artifactId: artifact.id, kind: artifact.kind, name: artifact.name, rule: 'MISSING_REFERENCE', message: `still references ${key.replace(':', ' ')}, which this commit removes or renames` });
  }
  return { errors, warnings, refs };
}
