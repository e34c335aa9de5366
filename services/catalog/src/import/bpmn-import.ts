import { MAX_IMPORT_BYTES } from '@fleet/contracts-catalog';
import { brokenFlows, isExecutable, processesOf, sequenceFlowsOf, startReachesEnd } from '../bpmn/bpmn-analysis';
import { listOf, parseBpmn, refOf, writeBpmn, type BpmnElement } from '../bpmn/moddle';
import { conditionOf } from '../validation/kind-checks';
import { translateCondition } from './condition-dialects';
import { decodeXml, ImportRefused } from './decode';

/** A file that imports: the XML to store and what the import did to it. */
export interface ImportedProcess {
  xml: string;
  /** The first process's name (for the artifact's display name). */
  processName?: string;
  tool: string;
  processes: number;
  translatedConditions: number;
  warnings: string[];
}

const OTHER_MODEL_IMPORT = /(bpmn|dmn|cmmn)/i;

const TOOL_NAMESPACES: [RegExp, string][] = [
  [/bizagi\.com/, 'Bizagi'],
  [/signavio\.com/, 'Signavio'],
  [/trisotech\.com/, 'Trisotech'],
  [/softwareag\.com\/aris/, 'ARIS'],
  [/camunda\.org/, 'Camunda'],
];

/** The tool that wrote the file: its `exporter` attribute, else a vendor namespace it declares. */
function toolOf(definitions: BpmnElement, xml: string): string {
  if (typeof definitions.exporter === 'string' && definitions.exporter) return `${definitions.exporter}${typeof definitions.exporterVersion === 'string' ? ` ${definitions.exporterVersion}` : ''}`;
  const namespaces = [...xml.matchAll(/xmlns(?::[A-Za-z0-9_.-]+)?\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]).join(' ');
  return TOOL_NAMESPACES.find(([re]) => re.test(namespaces))?.[1] ?? 'unknown';
}

async function parseOrRefuse(xml: string): Promise<{ definitions: BpmnElement; warnings: string[] }> {
  try {
    const r = await parseBpmn(xml);
    return { definitions: r.rootElement, warnings: r.warnings.map((w) => w.message.split('\n')[0]) };
  } catch (err) {
    const message = (err as Error).message.split('\n')[0];
    if (/unparsable content|missing start tag|closing tag|unexpected/i.test(message)) throw new ImportRefused('NOT_XML', `the file is not well-formed XML: ${message}`);
    throw new ImportRefused('NOT_BPMN', `the file is not a BPMN 2.0 model (a bpmn:definitions document in namespace http://www.omg.org/spec/BPMN/20100524/MODEL): ${message}`);
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function refuseExternalImports(definitions: BpmnElement, warnings: string[]): void {
  for (const i of listOf(definitions, 'imports')) {
    const where = text(i.location) || text(i.namespace);
    if (OTHER_MODEL_IMPORT.test(`${text(i.importType)} ${text(i.location)}`)) {
      throw new ImportRefused('EXTERNAL_IMPORT', `the model imports another model file (${where || 'unnamed'}), which a single-file import cannot resolve: import or model it as its own artifact and call it by name`);
    }
    warnings.push(`import of ${where || 'a schema'} ignored (type definitions only)`);
  }
}

/** Translates every condition; an untranslatable one refuses an executable process and is a warning elsewhere. */
function translateConditions(definitions: BpmnElement, process: BpmnElement, warnings: string[]): number {
  let translated = 0;
  const language = typeof definitions.expressionLanguage === 'string' ? definitions.expressionLanguage : undefined;
  for (const f of sequenceFlowsOf(process)) {
    const c = conditionOf(f);
    if (!c) {
      if (refOf(f, 'conditionExpression')) warnings.push(`sequence flow ${f.id ?? ''} has an empty condition (taken as no condition)`);
      continue;
    }
    const t = translateCondition(c.body, c.language ?? language);
    if (!t.ok) {
      if (isExecutable(process)) throw new ImportRefused('UNTRANSLATABLE_CONDITION', `executable process ${process.id ?? ''}: sequence flow ${f.id ?? ''}: ${t.why}`, f.id);
      warnings.push(`sequence flow ${f.id ?? ''}: ${t.why}; kept as written (the process is not executable)`);
      continue;
    }
    if (t.changed) {
      const expr = refOf(f, 'conditionExpression') as BpmnElement;
      expr.body = t.expression;
      delete expr.language;
      translated += 1;
    }
  }
  return translated;
}

/**
 * Turns a BPMN file from a modeling tool into the XML of a `process` artifact, or refuses it with
 * one of the documented reasons (ImportRefused). Never throws anything else for any input.
 */
export async function importBpmn(bytes: Buffer): Promise<ImportedProcess> {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportRefused('TOO_LARGE', `the file has ${bytes.length} bytes; at most ${MAX_IMPORT_BYTES} are imported`);
  const xml = decodeXml(bytes);
  const { definitions, warnings } = await parseOrRefuse(xml);
  refuseExternalImports(definitions, warnings);
  const processes = processesOf(definitions);
  if (processes.length === 0) throw new ImportRefused('NO_PROCESS', 'the file has no process (only collaborations, choreographies or data)');
  for (const p of processes) {
    const broken = brokenFlows(p);
    if (broken.length > 0) throw new ImportRefused('BROKEN_FLOW_REFERENCE', `process ${p.id ?? ''}: ${broken[0].message}${broken.length > 1 ? ` (and ${broken.length - 1} more)` : ''}`, broken[0].elementId);
  }
  const failing = processes.filter((p) => isExecutable(p) && !startReachesEnd(p));
  if (failing.length > 0) throw new ImportRefused('NO_START_TO_END', `executable process ${failing[0].id ?? ''} has no start event from which an end event is reachable`, failing[0].id);
  if (!processes.some((p) => startReachesEnd(p))) throw new ImportRefused('NO_START_TO_END', 'no process of the file has a start event from which an end event is reachable');
  let translated = 0;
  for (const p of processes) translated += translateConditions(definitions, p, warnings);
  for (const p of processes.filter((x) => !startReachesEnd(x))) warnings.push(`process ${p.id ?? ''} has no start event that reaches an end event (it is not executable)`);
  return {
    xml: translated > 0 ? await writeBpmn(definitions) : xml,
    processName: processes.map((p) => p.name).find((n): n is string => typeof n === 'string' && n.trim() !== ''),
    tool: toolOf(definitions, xml),
    processes: processes.length,
    translatedConditions: translated,
    warnings,
  };
}
