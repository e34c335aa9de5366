import { check, evaluate, evaluateCondition, ExpressionEvaluationError, ExpressionLimits, ExpressionSyntaxError, parse, unwrapTemplate, variablesOf } from './index';

describe('expression language', () => {
  describe('evaluate()', () => {
    it.each([
      ['1 + 2 * 3', 7],
      ['(1 + 2) * 3', 9],
      ['10 / 4', 2.5],
      ['10 % 4', 2],
      ['-3 + 1', -2],
      ['"a" + \'b\' + 1', 'ab1'],
      ['amount > 1000', true],
      ['amount >= 1500 and not approved', true],
      ['approved || amount < 10', false],
      ['!approved && true', true],
      ['customer.address.city == "Paris"', true],
      ['customer.tags[1]', 'vip'],
      ['customer["address"].city', 'Paris'],
      ['"vip" in customer.tags', true],
      ['"gold" not in customer.tags', true],
      ['"ar" in "Paris"', true],
      ['missing == null', true],
      ['missing.deeper.still', null],
      ['len(customer.tags) + len("abc")', 5],
      ['upper(lower("MiXeD")) + trim("  x ")', 'MIXEDx'],
      ['round(2.345, 2)', 2.35],
      ['max(1, amount, 3) - min(4, 2)', 1498],
      ['coalesce(missing, "default")', 'default'],
      ['empty([]) and not empty("x")', true],
      ['number("42") + 1', 43],
      ['string(12) + "!"', '12!'],
      ['[1, 2] == [1, 2]', true],
      ['status in ["open", "pending"]', true],
      ['startsWith("invoice-7", "inv") and endsWith("a.pdf", ".pdf") and contains("abc", "b")', true],
    ])('%s → %p', (src, expected) => {
      const vars = { amount: 1500, approved: false, status: 'open', customer: { address: { city: 'Paris' }, tags: ['new', 'vip'] } };
      expect(evaluate(src, vars)).toStrictEqual(expected);
    });

    it('should short-circuit and/or so the right side is not evaluated', () => {
      expect(evaluate('false and (1 / 0 > 1)')).toBe(false);
      expect(evaluate('true or (1 / 0 > 1)')).toBe(true);
    });

    it.each([
      ['1 / 0', 'division by zero'],
      ['"a" - 1', 'needs two numbers'],
      ['1 < "2"', 'compares two numbers or two strings'],
      ['1 and true', 'expected a boolean'],
      ['upper(1)', 'expects a string'],
      ['1 in 2', '"in" needs a list'],
      ['items.x', 'list index must be an integer'],
      ['"s".x', 'cannot read property'],
    ])('%s should fail with %s', (src, message) => {
      expect(() => evaluate(src, { items: [1] })).toThrow(ExpressionEvaluationError);
      expect(() => evaluate(src, { items: [1] })).toThrow(message);
    });
  });

  describe('evaluateCondition()', () => {
    it('should treat a missing variable as false and refuse non-booleans', () => {
      expect(evaluateCondition('approved', {})).toBe(false);
      expect(evaluateCondition('approved', { approved: true })).toBe(true);
      expect(() => evaluateCondition('amount', { amount: 3 })).toThrow(ExpressionEvaluationError);
    });
  });

  describe('parse()', () => {
    it.each([
      ['', 'empty expression'],
      ['1 +', 'unexpected end'],
      ['(1 + 2', 'expected ")"'],
      ['a ==', 'unexpected end'],
      ['1 < 2 < 3', 'do not chain'],
      ['"unterminated', 'unterminated string'],
      ['a ; b', 'unexpected character'],
      ['a = 1', 'unexpected character'],
      ['foo(1)', 'unknown function "foo"'],
      ['len(1, 2)', 'takes 1 arguments'],
      ['and', 'unexpected keyword'],
    ])('%p should be a syntax error (%s)', (src, message) => {
      expect(() => parse(src)).toThrow(ExpressionSyntaxError);
      expect(() => parse(src)).toThrow(message);
    });

    it('should report the position of the problem', () => {
      expect(check('amount > > 3')).toStrictEqual({ ok: false, message: 'unexpected ">" at 9', position: 9 });
    });
  });

  describe('hostile inputs', () => {
    it.each(['__proto__', 'a.__proto__', 'a.constructor', 'constructor.prototype', 'x.prototype'])('should refuse the prototype path %s', (src) => {
      expect(() => parse(src)).toThrow('is not allowed');
    });

    it('should not reach prototypes through computed properties or inherited names', () => {
      const vars = { a: {}, list: [] as unknown[] };
      expect(evaluate('a["__proto__"]', vars)).toBeNull();
      expect(evaluate('a["constructor"]', vars)).toBeNull();
      expect(evaluate('a["toString"]', vars)).toBeNull();
      expect(evaluate('toString', vars)).toBeNull();
      expect(evaluate('hasOwnProperty', vars)).toBeNull();
      expect(() => evaluate('list["length"]', vars)).toThrow('list index must be an integer');
    });

    it('should read functions, class instances and symbols in variables as null, never call them', () => {
      let called = false;
      const vars = {
        f: () => {
          called = true;
          return 1;
        },
        m: new Map([['a', 1]]),
        s: Symbol('x'),
      };
      expect(evaluate('f', vars)).toBeNull();
      expect(evaluate('m.a', vars)).toBeNull();
      expect(evaluate('s', vars)).toBeNull();
      expect(called).toBe(false);
    });

    it('should be no way to call JavaScript: eval, Function, require, process are unknown', () => {
      for (const src of ['eval("1")', 'Function("return 1")', 'require("fs")', 'process.exit(1)', 'this.constructor']) expect(check(src).ok).toBe(false);
      expect(evaluate('process', {})).toBeNull();
    });

    it('should refuse sources longer than the limit', () => {
      expect(() => parse('1'.repeat(ExpressionLimits.maxLength + 1))).toThrow('longer than');
    });

    it('should refuse deep nesting before using the stack', () => {
      expect(() => parse(`${'('.repeat(100)}1${')'.repeat(100)}`)).toThrow('nests deeper than');
      expect(() => parse(`${'not '.repeat(100)}true`)).toThrow('nests deeper than');
      expect(() => parse(`${'-'.repeat(100)}1`)).toThrow('nests deeper than');
      expect(() => parse(`${'['.repeat(100)}${']'.repeat(100)}`)).toThrow('nests deeper than');
    });

    it('should refuse trees with too many nodes', () => {
      expect(() => parse(Array.from({ length: 600 }, () => '1').join('+'))).toThrow('more than 500 nodes');
    });

    it('should bound strings built by concatenation', () => {
      const big = 'x'.repeat(40000);
      expect(() => evaluate('s + s', { s: big })).toThrow('string longer than');
    });

    it('should refuse overflowing numbers', () => {
      expect(() => parse(`1${'0'.repeat(400)}`)).toThrow('number out of range');
      expect(() => evaluate('n * n', { n: 1e200 })).toThrow('number out of range');
    });

    it('should treat quote tricks as plain text', () => {
      expect(evaluate('"\\"); process.exit(1); (\\""')).toBe('"); process.exit(1); ("');
      expect(() => parse("'a\\x41'")).toThrow('unknown escape');
    });
  });

  describe('helpers', () => {
    it('variablesOf() should list the dotted paths read', () => {
      expect(variablesOf(parse('a.b > 1 and c in d and len(e.f) > 0'))).toStrictEqual(['a.b', 'c', 'd', 'e.f']);
    });

    it('unwrapTemplate() should take the expression out of ${…}', () => {
      expect(unwrapTemplate(' ${amount > 1000} ')).toBe('amount > 1000');
      expect(unwrapTemplate('approved')).toBe('approved');
    });
  });
});
