import { evaluateCondition } from '@fleet/shared-expression';
import { translateCondition } from './condition-dialects';

describe('translateCondition()', () => {
  it.each([
    ['${amount > 1000}', undefined, 'amount > 1000', false],
    ['${clarified == \'no\'}', undefined, "clarified == 'no'", false],
    ['#{a eq 1 and b ne "x eq y"}', undefined, 'a == 1 and b != "x eq y"', true],
    ['${empty items or total ge 10}', undefined, 'empty(items) or total >= 10', true],
    ['= not(approved)', undefined, 'not(approved)', true],
    ['=fraud', undefined, 'fraud', true],
    ['status = "Approved"', 'https://www.omg.org/spec/DMN/20191111/FEEL/', 'status == "Approved"', true],
    ["bpmn:getDataObject('approved')", undefined, 'approved', true],
    ['true', 'http://www.w3.org/1999/XPath', 'true', false],
    ['amount >= 10 and vip', undefined, 'amount >= 10 and vip', false],
  ])('%s (%s) → %s', (body, language, expression, changed) => {
    expect(translateCondition(body, language)).toMatchObject({ ok: true, expression, changed });
  });

  it('should keep the meaning of a translated condition', () => {
    const t = translateCondition('${amount gt 1000 && !rejected}', undefined);
    expect(t.ok && evaluateCondition(t.expression, { amount: 1500, rejected: false })).toBe(true);
  });

  it.each([
    ['Approved', 'label'],
    ['Yes', 'label'],
    ['Vacation Approval = "Approved"', 'FEEL'],
    ['${amount >}', 'JUEL'],
  ])('should refuse %s (%s) with a reason', (body, dialect) => {
    const t = translateCondition(body, dialect === 'FEEL' ? 'https://www.omg.org/spec/DMN/20191111/FEEL/' : undefined);
    expect(t).toMatchObject({ ok: false, dialect, why: expect.any(String) });
  });
});
