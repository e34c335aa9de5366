import { CatalogSubjects, ImportRefusals, type ArtifactReply, type ImportProcessReply } from '@fleet/contracts-catalog';
import { uniquePrefix } from '@fleet/shared-testing';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refusal, startCatalog, type CatalogHarness, type Person } from '../test/catalog-harness';
import { corpusDir } from '../test/factories';

interface ManifestFile {
  path: string;
  role: string;
  tool: string;
  bpmnModdleWarnings: number;
  executableInPrinciple: boolean;
}

type Outcome = { file: string; tool: string; imported: true; reply: ImportProcessReply } | { file: string; tool: string; imported: false; reason: string; message: string };

/**
 * Every file of the BPMN corpus (real exports of Camunda Modeler, Signavio, Trisotech, ARIS, Bizagi,
 * the MIWG references and Fleet's executable fixtures) goes through `catalog.process.import` on a
 * running catalog: each one imports as a process artifact or is refused with a documented reason,
 * and the service answers every one (nothing crashes it). The manifest is read only to compare.
 */
describe('BPMN import over the corpus', () => {
  const dir = corpusDir();
  const manifest = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: ManifestFile[] }).files;
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const files = ['executable', 'exports', 'reference'].flatMap((d) => readdirSync(join(dir, d)).filter((f) => f.endsWith('.bpmn')).map((f) => `${d}/${f}`));
  let h: CatalogHarness;
  let who: Person;
  let projectId: string;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    h = await startCatalog('sqlite', uniquePrefix('imp'));
    projectId = h.project();
    who = await h.person([[projectId, 'collaborator']]);
    for (const [i, file] of files.entries()) {
      const tool = manifest.find((m) => m.path === file)?.tool ?? 'unknown';
      const request = { projectId, fileName: file.split('/')[1], name: `p${i}`, contentBase64: readFileSync(join(dir, file)).toString('base64') };
      try {
        outcomes.push({ file, tool, imported: true, reply: await h.call<ImportProcessReply>(CatalogSubjects.processImport, request, who) });
      } catch (err) {
        const e = err as { code: string; message: string; details?: { reason?: string } };
        outcomes.push({ file, tool, imported: false, reason: e.details?.reason ?? e.code, message: e.message });
      }
    }
    const report: Record<string, { imported: number; refused: Record<string, string[]> }> = {};
    for (const o of outcomes) {
      const r = (report[o.tool] ??= { imported: 0, refused: {} });
      if (o.imported) r.imported += 1;
      else (r.refused[o.reason] ??= []).push(o.file);
    }
    process.stdout.write(`BPMN import per tool (${files.length} files):\n${JSON.stringify(report, null, 2)}\n`);
  }, 300000);

  afterAll(async () => {
    await h?.stop();
  });

  it('should answer every file with an import or a documented refusal', () => {
    expect(outcomes).toHaveLength(files.length);
    expect(files.length).toBeGreaterThanOrEqual(115);
    for (const o of outcomes.filter((x) => !x.imported)) {
      expect({ file: o.file, reason: o.imported ? '' : o.reason, documented: ImportRefusals.includes(o.imported ? ('' as never) : (o.reason as never)) }).toEqual({ file: o.file, reason: expect.any(String), documented: true });
      expect(readme).toContain(`\`${o.imported ? '' : o.reason}\``);
    }
  });

  it('should import every file of executable/ without warnings, as its XML', async () => {
    const executable = outcomes.filter((o) => o.file.startsWith('executable/'));
    expect(executable.length).toBe(6);
    for (const o of executable) {
      expect({ file: o.file, imported: o.imported }).toEqual({ file: o.file, imported: true });
      if (!o.imported) continue;
      expect(o.reply.warnings).toEqual([]);
      const a = await h.call<ArtifactReply>(CatalogSubjects.artifactGet, { projectId, artifactId: o.reply.artifactId }, who);
      expect(a.kind).toBe('process');
      expect(a.content).toBe(readFileSync(join(dir, o.file), 'utf8'));
    }
  });

  it('should import most files of every tool, and refuse only files the manifest also finds flawed or dependent on other files', () => {
    const imported = outcomes.filter((o) => o.imported).length;
    expect(imported / outcomes.length).toBeGreaterThan(0.85);
    for (const o of outcomes.filter((x) => !x.imported)) {
      const m = manifest.find((x) => x.path === o.file) as ManifestFile;
      const reason = o.imported ? '' : o.reason;
      if (reason === 'BROKEN_FLOW_REFERENCE') expect({ file: o.file, warnings: m.bpmnModdleWarnings > 0 }).toEqual({ file: o.file, warnings: true });
      if (reason === 'EXTERNAL_IMPORT') expect(readFileSync(join(dir, o.file), 'utf8')).toMatch(/<([A-Za-z0-9]+:)?import\b/);
    }
    for (const o of outcomes.filter((x) => x.imported)) expect({ file: o.file, executable: manifest.find((x) => x.path === o.file)?.executableInPrinciple }).toEqual({ file: o.file, executable: true });
  });

  it('should decode ISO-8859-1 files by their declaration and translate condition dialects', async () => {
    const latin = outcomes.find((o) => o.file === 'reference/A.1.0.bpmn');
    expect(latin?.imported).toBe(true);
    const translated = outcomes.filter((o) => o.imported && o.reply.translatedConditions > 0);
    expect(translated.length).toBeGreaterThan(0);
    for (const o of translated) {
      if (!o.imported) continue;
      const a = await h.call<ArtifactReply>(CatalogSubjects.artifactGet, { projectId, artifactId: o.reply.artifactId }, who);
      expect(a.content).not.toMatch(/conditionExpression[^>]*>\s*=/);
    }
  });

  it('should refuse what is not BPMN with a reason and commit nothing', async () => {
    const cases: [string, string][] = [
      ['not xml at all', 'NOT_XML'],
      ['<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 'NOT_BPMN'],
      ['<?xml version="1.0" encoding="EBCDIC-CP-US"?><x/>', 'UNSUPPORTED_ENCODING'],
      ['<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x"><collaboration id="c"/></definitions>', 'NO_PROCESS'],
    ];
    for (const [text, reason] of cases) {
      const r = await refusal(h.call(CatalogSubjects.processImport, { projectId, fileName: 'x.bpmn', contentBase64: Buffer.from(text).toString('base64') }, who));
      expect({ code: r.code, reason: r.details?.reason }).toEqual({ code: 'CATALOG.VALIDATION', reason });
    }
    const bad = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?><definitions a="'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"/>')]);
    expect((await refusal(h.call(CatalogSubjects.processImport, { projectId, fileName: 'x.bpmn', contentBase64: bad.toString('base64') }, who))).details?.reason).toBe('UNSUPPORTED_ENCODING');
  });
});
