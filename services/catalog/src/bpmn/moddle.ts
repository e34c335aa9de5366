/** The slice of a bpmn-moddle element the catalog reads (moddle elements are dynamic objects). */
export interface BpmnElement {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  $parent?: BpmnElement;
  [property: string]: unknown;
}

interface ModdleParseResult {
  rootElement: BpmnElement;
  warnings: { message: string; element?: BpmnElement; property?: string }[];
}

interface Moddle {
  fromXML(xml: string, type?: string): Promise<ModdleParseResult>;
  toXML(element: BpmnElement, options?: { format?: boolean }): Promise<{ xml: string }>;
}

let moddleClass: (new () => Moddle) | undefined;

/**
 * bpmn-moddle 10 is ESM only; Node 20.19+ loads it from our CommonJS output through `require(esm)`
 * (Jest transforms it, see jest.preset.js). Loaded once, on first use.
 */
function moddle(): Moddle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- an ESM-only package loaded through require(esm) from CommonJS output
  moddleClass ??= (require('bpmn-moddle') as { BpmnModdle: new () => Moddle }).BpmnModdle;
  return new moddleClass();
}

/** Parses BPMN 2.0 XML (by namespace URI, any prefix). Throws on XML that is not well-formed or not a `definitions` document. */
export function parseBpmn(xml: string): Promise<ModdleParseResult> {
  return moddle().fromXML(xml, 'bpmn:Definitions');
}

/** Writes a parsed model back as XML (unknown extensions are kept as parsed). */
export async function writeBpmn(definitions: BpmnElement): Promise<string> {
  return (await moddle().toXML(definitions, { format: true })).xml;
}

/** A moddle list property as an array. */
export function listOf(e: BpmnElement | undefined, property: string): BpmnElement[] {
  const v = e?.[property];
  return Array.isArray(v) ? (v as BpmnElement[]) : [];
}

/** A moddle reference property (resolved element) or undefined. */
export function refOf(e: BpmnElement, property: string): BpmnElement | undefined {
  const v = e[property];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as BpmnElement) : undefined;
}

/** The short type of an element: `bpmn:StartEvent` → `StartEvent`. */
export const typeOf = (e: BpmnElement): string => e.$type.replace(/^bpmn:/, '');
