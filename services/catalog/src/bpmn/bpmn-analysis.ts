import { listOf, refOf, typeOf, type BpmnElement } from './moddle';

/** A place in a model where something is wrong or worth telling. */
export interface BpmnFinding {
  rule: string;
  elementId?: string;
  message: string;
}

const CONTAINERS = new Set(['SubProcess', 'Transaction', 'AdHocSubProcess']);

/** Every top-level process of a definitions document. */
export function processesOf(definitions: BpmnElement): BpmnElement[] {
  return listOf(definitions, 'rootElements').filter((e) => typeOf(e) === 'Process');
}

/** Every flow-element container of a process: the process and its (nested) sub-processes. */
export function containersOf(process: BpmnElement): BpmnElement[] {
  const out: BpmnElement[] = [process];
  for (let i = 0; i < out.length; i += 1) {
    for (const e of listOf(out[i], 'flowElements')) if (CONTAINERS.has(typeOf(e))) out.push(e);
  }
  return out;
}

/** Every sequence flow of a process, sub-processes included. */
export function sequenceFlowsOf(process: BpmnElement): BpmnElement[] {
  return containersOf(process).flatMap((c) => listOf(c, 'flowElements').filter((e) => typeOf(e) === 'SequenceFlow'));
}

/** Sequence flows whose source or target does not exist (unresolved or missing reference). */
export function brokenFlows(process: BpmnElement): BpmnFinding[] {
  return sequenceFlowsOf(process)
    .filter((f) => !refOf(f, 'sourceRef') || !refOf(f, 'targetRef'))
    .map((f) => ({ rule: 'BROKEN_FLOW_REFERENCE', elementId: f.id, message: `sequence flow ${f.id ?? '(no id)'} has ${refOf(f, 'sourceRef') ? 'no target' : 'no source'} element` }));
}

function linkName(e: BpmnElement): string | undefined {
  const link = listOf(e, 'eventDefinitions').find((d) => typeOf(d) === 'LinkEventDefinition');
  return link ? String(link.name ?? '') : undefined;
}

/** Successors of each flow node inside one container: sequence flows, boundary events from their host, link throw → catch. */
function graphOf(container: BpmnElement): Map<BpmnElement, BpmnElement[]> {
  const nodes = listOf(container, 'flowElements').filter((e) => typeOf(e) !== 'SequenceFlow');
  const next = new Map<BpmnElement, BpmnElement[]>(nodes.map((n) => [n, []]));
  const add = (from: BpmnElement | undefined, to: BpmnElement | undefined) => {
    if (from && to) next.get(from)?.push(to);
  };
  for (const f of listOf(container, 'flowElements').filter((e) => typeOf(e) === 'SequenceFlow')) add(refOf(f, 'sourceRef'), refOf(f, 'targetRef'));
  for (const b of nodes.filter((n) => typeOf(n) === 'BoundaryEvent')) add(refOf(b, 'attachedToRef'), b);
  const catches = nodes.filter((n) => typeOf(n) === 'IntermediateCatchEvent' && linkName(n) !== undefined);
  for (const t of nodes.filter((n) => typeOf(n) === 'IntermediateThrowEvent' && linkName(n) !== undefined)) {
    for (const c of catches.filter((c) => linkName(c) === linkName(t))) add(t, c);
  }
  return next;
}

/** True when some start event of the container reaches an end event over its flows. */
export function startReachesEnd(container: BpmnElement): boolean {
  const next = graphOf(container);
  const starts = [...next.keys()].filter((n) => typeOf(n) === 'StartEvent');
  const seen = new Set<BpmnElement>(starts);
  const queue = [...starts];
  while (queue.length > 0) {
    const n = queue.shift() as BpmnElement;
    if (typeOf(n) === 'EndEvent') return true;
    for (const m of next.get(n) ?? []) {
      if (!seen.has(m)) {
        seen.add(m);
        queue.push(m);
      }
    }
  }
  return false;
}

/** True when `isExecutable` is set to true on the process. */
export const isExecutable = (process: BpmnElement): boolean => process.isExecutable === true;

/** The attribute values of an element in one namespace URI (by the prefixes the document declares for it). */
export function attributesIn(e: BpmnElement, namespaceUri: string, declared: Record<string, string>): Record<string, string> {
  const prefixes = Object.entries(declared)
    .filter(([k, v]) => k.startsWith('xmlns:') && v === namespaceUri)
    .map(([k]) => k.slice('xmlns:'.length));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.$attrs ?? {})) {
    const [prefix, local] = k.split(':');
    if (local && prefixes.includes(prefix)) out[local] = v;
  }
  return out;
}

/** Every flow element of a process (sub-processes included). */
export function flowElementsOf(process: BpmnElement): BpmnElement[] {
  return containersOf(process).flatMap((c) => listOf(c, 'flowElements'));
}
