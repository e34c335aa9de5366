import type { ArtifactKind } from '@fleet/contracts-catalog';

/** One validation error or warning of a commit, naming the artifact and, where there is one, the element. */
export interface Finding {
  artifactId: string;
  kind: ArtifactKind;
  name: string;
  /** BPMN element id, attribute name or JSON path inside the artifact. */
  elementId?: string;
  rule: string;
  message: string;
}

/** A reference from one artifact to another (`kind:name`), with the element that makes it. */
export interface Reference {
  key: string;
  elementId?: string;
}

/** What checking one artifact's content found. */
export interface ContentCheck {
  problems: { rule: string; elementId?: string; message: string }[];
  refs: Reference[];
}

export const refKey = (kind: ArtifactKind, name: string): string => `${kind}:${name}`;
