import type { EntityContent } from '@fleet/contracts-catalog';
import { breakingChanges } from './entity-compat';

const entity = (attributes: EntityContent['attributes'], key = ['id']): EntityContent => ({ attributes, key });

describe('breakingChanges()', () => {
  const before = entity([{ name: 'id', type: 'string', maxLength: 20 }, { name: 'qty', type: 'integer' }, { name: 'note', type: 'string' }]);

  it('should accept added optional attributes, widenings and longer maxLength', () => {
    expect(breakingChanges(before, entity([{ name: 'id', type: 'string', maxLength: 40 }, { name: 'qty', type: 'decimal' }, { name: 'note', type: 'text' }, { name: 'extra', type: 'boolean' }]))).toEqual([]);
  });

  it('should flag removal, narrowing, required, shorter maxLength and a new key', () => {
    const found = breakingChanges(before, entity([{ name: 'id', type: 'string', maxLength: 10, required: true }, { name: 'qty', type: 'boolean' }, { name: 'must', type: 'string', required: true }], ['id', 'qty']));
    expect(found.map(([at]) => at)).toEqual(['id', 'id', 'qty', 'note', 'must', 'key']);
  });
});
