import { Redactor } from './redactor';
import { buildRequest } from './request-builder';
import { parametersOf, readJsonPath, render, TemplateError } from './templates';

describe('render()', () => {
  const params = new Map([['BASE_URL', 'https://api.example.com/v1']]);

  it('should insert parameters as they are and percent-encode variables in URLs', () => {
    expect(render('{{param:BASE_URL}}/customers/{{id}}?q={{ q }}', { id: 'a/b c', q: 'x&y' }, params, 'url')).toBe('https://api.example.com/v1/customers/a%2Fb%20c?q=x%26y');
  });

  it('should insert variables as JSON values in bodies, nested paths included', () => {
    expect(render('{"name": {{customer.name}}, "tags": {{tags}}, "none": {{missing}}}', { customer: { name: 'Ann "A"' }, tags: ['a'] }, params, 'json')).toBe('{"name": "Ann \\"A\\"", "tags": ["a"], "none": null}');
  });

  it('should name a missing parameter or variable', () => {
    expect(() => render('{{param:NOPE}}', {}, params, 'text')).toThrow(new TemplateError('parameter NOPE is not set in this environment'));
    expect(() => render('/x/{{id}}', {}, params, 'url')).toThrow('variable id is missing');
  });

  it('should list the parameters a template uses', () => {
    expect(parametersOf('{{param:A}}/{{b}}/{{ param:C }}')).toStrictEqual(['A', 'C']);
  });
});

describe('readJsonPath()', () => {
  const doc = { a: { b: [{ c: 1 }, { 'odd key': 2 }] } };
  it.each([
    ['$', doc],
    ['$.a.b[0].c', 1],
    ["$.a.b[1]['odd key']", 2],
    ['$.a.x', undefined],
    ['$.a.b[5].c', undefined],
  ])('should read %s', (path, value) => {
    expect(readJsonPath(doc, path)).toStrictEqual(value);
  });

  it('should refuse unsupported paths', () => {
    expect(() => readJsonPath(doc, '$..c')).toThrow(TemplateError);
    expect(() => readJsonPath(doc, 'a.b')).toThrow(TemplateError);
  });
});

describe('Redactor', () => {
  it('should replace a secret and its encoded forms', () => {
    const r = new Redactor();
    r.add('s3cr3t/+value');
    const text = `raw s3cr3t/+value b64 ${Buffer.from('s3cr3t/+value').toString('base64')} url ${encodeURIComponent('s3cr3t/+value')}`;
    expect(r.redact(text)).toBe('raw *** b64 *** url ***');
  });
});

describe('buildRequest()', () => {
  const def = { method: 'POST' as const, urlTemplate: 'https://api.example.com/{{id}}', auth: { type: 'none' as const } };

  it('should refuse header names and values that would break the request', () => {
    expect(() => buildRequest({ ...def, headers: { 'bad header': 'x' } }, { id: 1 }, new Map())).toThrow('is not a valid HTTP header name');
    expect(() => buildRequest({ ...def, headers: { 'x-v': '{{v}}' } }, { id: 1, v: 'a\r\nInjected: 1' }, new Map())).toThrow('line break');
  });

  it('should add the query and a JSON body', () => {
    const r = buildRequest({ ...def, query: { q: '{{q}}' }, bodyTemplate: '{"a": {{a}}}' }, { id: 'x y', q: 'é&', a: [1] }, new Map());
    expect(r.url.toString()).toBe('https://api.example.com/x%20y?q=%C3%A9%26');
    expect(r.body?.toString()).toBe('{"a": [1]}');
    expect(r.headers['content-type']).toBe('application/json');
  });
});
