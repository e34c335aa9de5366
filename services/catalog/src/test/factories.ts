import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** A small BPMN document: start → user task (optionally bound to a form) → exclusive gateway with a condition → end. */
export function bpmn(o: { id?: string; condition?: string; form?: string; executable?: boolean; connectEnd?: boolean } = {}): string {
  const id = o.id ?? 'Order';
  const form = o.form ? ` fleet:form="${o.form}"` : '';
  const end = o.connectEnd === false ? '' : '<bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="end"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">' + (o.condition ?? '${amount &gt; 1000}') + '</bpmn:conditionExpression></bpmn:sequenceFlow>';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:fleet="http://fleet.dev/schema/bpmn/1.0" id="defs_${id}" targetNamespace="http://example.test">
  <bpmn:process id="${id}" isExecutable="${o.executable ?? true}">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Review"${form} />
    <bpmn:exclusiveGateway id="gw" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw" />
    ${end}
  </bpmn:process>
</bpmn:definitions>`;
}

export const customerEntity = (extra: Record<string, unknown>[] = []) => ({
  attributes: [{ name: 'id', type: 'string', required: true, maxLength: 20 }, { name: 'name', type: 'string', maxLength: 120 }, { name: 'amount', type: 'decimal' }, ...extra],
  key: ['id'],
});

export const customerForm = (fields = ['name', 'amount']) => ({ entity: 'customer', fields: fields.map((f) => ({ attribute: f, label: f })) });

/**
 * The BPMN corpus (`shared/corpus/bpmn` next to the repository, or FLEET_BPMN_CORPUS). Missing is an
 * error, not a skip: the import test is only meaningful over the real files.
 */
export function corpusDir(): string {
  const root = resolve(__dirname, '../../../..');
  const candidates = [process.env.FLEET_BPMN_CORPUS, join(root, '../shared/corpus/bpmn'), join(root, '../../shared/corpus/bpmn'), '/work/shared/corpus/bpmn'].filter((x): x is string => !!x);
  const found = candidates.find((c) => existsSync(join(c, 'manifest.json')));
  if (!found) throw new Error(`BPMN corpus not found (looked in ${candidates.join(', ')}); set FLEET_BPMN_CORPUS`);
  return found;
}
