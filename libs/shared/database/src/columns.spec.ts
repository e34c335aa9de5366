import type { ValueTransformer } from 'typeorm';
import { col, entityColumn, entitySchema, physicalType, tableColumn, type ColumnKind } from './columns';
import type { Dialect } from './db-url';

const DIALECTS: Dialect[] = ['sqlite', 'postgres', 'mssql'];

/** Renders a physical type as SQL, e.g. `varchar(36)`, to compare with the table in ARCHITECTURE.md. */
function sqlOf(dialect: Dialect, kind: ColumnKind): string {
  const t = physicalType(dialect, kind);
  const size = t.length ?? (t.precision !== undefined ? String(t.precision) : undefined);
  return size === undefined ? t.type : `${t.type}(${size.toLowerCase()})`;
}

describe('physicalType()', () => {
  it.each<[string, ColumnKind, [string, string, string]]>([
    ['id', col.id(), ['varchar(36)', 'varchar(36)', 'varchar(36)']],
    ['string(200)', col.string(200), ['varchar(200)', 'varchar(200)', 'nvarchar(200)']],
    ['string() (255 by default)', col.string(), ['varchar(255)', 'varchar(255)', 'nvarchar(255)']],
    ['text', col.text(), ['text', 'text', 'nvarchar(max)']],
    ['json', col.json(), ['text', 'text', 'nvarchar(max)']],
    ['timestamp', col.timestamp(), ['datetime', 'timestamptz(3)', 'datetime2(3)']],
    ['boolean', col.boolean(), ['boolean', 'boolean', 'bit']],
    ['int', col.int(), ['integer', 'integer', 'int']],
    ['bigint', col.bigint(), ['bigint', 'bigint', 'bigint']],
  ])('should map %s as ARCHITECTURE.md documents (sqlite, postgres, mssql)', (_kind, kind, expected) => {
    expect(DIALECTS.map((d) => sqlOf(d, kind))).toEqual(expected);
  });

  it('should give lengths as strings and precisions as numbers, as TypeORM expects', () => {
    expect(physicalType('mssql', col.text())).toEqual({ type: 'nvarchar', length: 'MAX' });
    expect(physicalType('postgres', col.string(40))).toEqual({ type: 'varchar', length: '40' });
    expect(physicalType('postgres', col.timestamp())).toEqual({ type: 'timestamptz', precision: 3 });
  });
});

describe('entityColumn()', () => {
  const transformerOf = (kind: ColumnKind): ValueTransformer => {
    const t = entityColumn('sqlite', kind).transformer;
    if (!t || Array.isArray(t)) throw new Error('expected one transformer');
    return t;
  };

  describe('when the column is json', () => {
    const json = transformerOf(col.json());

    it('should store JSON text and read it back as the same value', () => {
      const value = { tags: ['a', 'b'], nested: { n: 1, ok: true } };

      const stored = json.to(value);

      expect(stored).toBe('{"tags":["a","b"],"nested":{"n":1,"ok":true}}');
      expect(json.from(stored)).toEqual(value);
    });

    it.each([[null], [undefined]])('should keep %p as it is both ways', (v) => {
      expect(json.to(v)).toBe(v);
      expect(json.from(v)).toBe(v);
    });

    it('should leave a value the driver already parsed as it is', () => {
      const parsed = { a: 1 };

      expect(json.from(parsed)).toBe(parsed);
    });
  });

  describe('when the column is bigint', () => {
    const bigint = transformerOf(col.bigint());

    it('should read the driver string as a number', () => {
      expect(bigint.from('9007199254740991')).toBe(9007199254740991);
      expect(bigint.from('42')).toBe(42);
    });

    it('should write the number as it is and keep null', () => {
      expect(bigint.to(42)).toBe(42);
      expect(bigint.from(null)).toBeNull();
    });
  });

  describe('when the column is boolean', () => {
    const bool = transformerOf(col.boolean());

    it.each([
      [1, true],
      [0, false],
      [true, true],
      [false, false],
    ])('should read %p as %p', (raw, value) => {
      expect(bool.from(raw)).toBe(value);
    });

    it('should keep null', () => {
      expect(bool.from(null)).toBeNull();
    });
  });

  describe('when the column needs no conversion', () => {
    it.each([['id', col.id()], ['string', col.string(10)], ['text', col.text()], ['timestamp', col.timestamp()], ['int', col.int()]])(
      'should have no transformer for %s',
      (_what, kind) => {
        expect(entityColumn('postgres', kind).transformer).toBeUndefined();
      },
    );
  });

  describe('when options are given', () => {
    it('should carry the type, the column name and the flags', () => {
      expect(entityColumn('mssql', col.string(150), { name: 'message_id', primary: true, unique: true, default: 'x' })).toEqual({
        type: 'nvarchar',
        length: '150',
        nullable: false,
        primary: true,
        name: 'message_id',
        default: 'x',
      });
    });

    it('should be non-nullable and not primary by default', () => {
      expect(entityColumn('postgres', col.timestamp())).toEqual({ type: 'timestamptz', precision: 3, nullable: false, primary: false });
    });
  });
});

describe('entitySchema()', () => {
  class Widget {
    id!: string;
    label!: string;
    meta!: unknown;
    createdAt!: Date;
  }

  const schema = entitySchema('postgres', {
    target: Widget,
    table: 'widgets',
    columns: {
      id: { column: 'id', kind: col.id(), primary: true },
      label: { column: 'label', kind: col.string(80) },
      meta: { column: 'meta', kind: col.json(), nullable: true },
      createdAt: { column: 'created_at', kind: col.timestamp() },
    },
    indices: [
      { name: 'ix_widgets_label', columns: ['label'], unique: true },
      { name: 'ix_widgets_created', columns: ['createdAt'] },
    ],
  });

  it('should name the entity after its class and map it to the table', () => {
    expect(schema.options).toMatchObject({ name: 'Widget', target: Widget, tableName: 'widgets' });
  });

  it('should map each property to its snake_case column with the dialect type', () => {
    const columns = schema.options.columns as Record<string, Record<string, unknown>>;

    expect(Object.keys(columns)).toEqual(['id', 'label', 'meta', 'createdAt']);
    expect(columns.createdAt).toMatchObject({ name: 'created_at', type: 'timestamptz', precision: 3, nullable: false });
    expect(columns.id).toMatchObject({ name: 'id', type: 'varchar', length: '36', primary: true });
    expect(columns.meta).toMatchObject({ name: 'meta', type: 'text', nullable: true });
    expect(columns.meta.transformer).toBeDefined();
  });

  it('should declare the indices, not unique unless said', () => {
    expect(schema.options.indices).toEqual([
      { name: 'ix_widgets_label', columns: ['label'], unique: true },
      { name: 'ix_widgets_created', columns: ['createdAt'], unique: false },
    ]);
  });
});

describe('tableColumn()', () => {
  describe('when no options are given', () => {
    it('should build a non-nullable, non-primary column of the dialect type', () => {
      expect(tableColumn('mssql', 'payload', col.text())).toMatchObject({
        name: 'payload',
        type: 'nvarchar',
        length: 'MAX',
        isNullable: false,
        isPrimary: false,
        default: undefined,
      });
    });

    it('should set the precision of timestamps', () => {
      expect(tableColumn('mssql', 'created_at', col.timestamp())).toMatchObject({ type: 'datetime2', precision: 3 });
    });
  });

  describe('when a default is given', () => {
    it.each<[string, string | number | boolean, [string, string, string]]>([
      ['true', true, ['1', 'true', '1']],
      ['false', false, ['0', 'false', '0']],
      ['a number', 42, ['42', '42', '42']],
      ['a string', 'draft', ["'draft'", "'draft'", "'draft'"]],
      ['a string with a quote', "it's", ["'it''s'", "'it''s'", "'it''s'"]],
    ])('should write %s as a literal of each dialect (sqlite, postgres, mssql)', (_what, value, literals) => {
      expect(DIALECTS.map((d) => tableColumn(d, 'c', col.string(10), { default: value }).default)).toEqual(literals);
    });
  });

  describe('when nullable and primary are given', () => {
    it('should set them', () => {
      expect(tableColumn('postgres', 'id', col.id(), { primary: true, nullable: true })).toMatchObject({ isPrimary: true, isNullable: true });
    });
  });
});
