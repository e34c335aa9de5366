import { EntitySchema, TableColumn, type EntitySchemaColumnOptions, type ValueTransformer } from 'typeorm';
import type { Dialect } from './db-url';

/**
 * The portable column vocabulary. Entities and migrations both use it, so one migration runs on
 * SQLite, PostgreSQL and SQL Server and matches the entities exactly (see ARCHITECTURE.md).
 */
export type ColumnKind =
  | { kind: 'id' }
  | { kind: 'string'; length: number }
  | { kind: 'text' }
  | { kind: 'json' }
  | { kind: 'timestamp' }
  | { kind: 'boolean' }
  | { kind: 'int' }
  | { kind: 'bigint' };

export const col = {
  id: (): ColumnKind => ({ kind: 'id' }),
  string: (length = 255): ColumnKind => ({ kind: 'string', length }),
  text: (): ColumnKind => ({ kind: 'text' }),
  json: (): ColumnKind => ({ kind: 'json' }),
  timestamp: (): ColumnKind => ({ kind: 'timestamp' }),
  boolean: (): ColumnKind => ({ kind: 'boolean' }),
  int: (): ColumnKind => ({ kind: 'int' }),
  bigint: (): ColumnKind => ({ kind: 'bigint' }),
};

interface PhysicalType {
  type: string;
  length?: string;
  precision?: number;
}

/** The physical type of a column kind on one engine. */
export function physicalType(dialect: Dialect, c: ColumnKind): PhysicalType {
  switch (c.kind) {
    case 'id':
      return { type: 'varchar', length: '36' };
    case 'string':
      return { type: dialect === 'mssql' ? 'nvarchar' : 'varchar', length: String(c.length) };
    case 'text':
    case 'json':
      return dialect === 'mssql' ? { type: 'nvarchar', length: 'MAX' } : { type: 'text' };
    case 'timestamp':
      if (dialect === 'postgres') return { type: 'timestamptz', precision: 3 };
      if (dialect === 'mssql') return { type: 'datetime2', precision: 3 };
      return { type: 'datetime' };
    case 'boolean':
      return { type: dialect === 'mssql' ? 'bit' : 'boolean' };
    case 'int':
      return { type: dialect === 'mssql' ? 'int' : 'integer' };
    case 'bigint':
      return { type: 'bigint' };
  }
}

const jsonTransformer: ValueTransformer = {
  to: (v: unknown) => (v === undefined || v === null ? v : JSON.stringify(v)),
  from: (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v),
};
const bigintTransformer: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) => (v === null || v === undefined ? v : Number(v)),
};
const booleanTransformer: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) => (v === null || v === undefined ? v : Boolean(v)),
};

export interface ColumnOptions {
  nullable?: boolean;
  primary?: boolean;
  unique?: boolean;
  default?: string | number | boolean;
  /** Column name in the database when it differs from the property (snake_case by convention). */
  name?: string;
}

/** A migration column (QueryRunner API). */
export function tableColumn(dialect: Dialect, name: string, c: ColumnKind, o: ColumnOptions = {}): TableColumn {
  const t = physicalType(dialect, c);
  return new TableColumn({
    name,
    type: t.type,
    ...(t.length ? { length: t.length } : {}),
    ...(t.precision !== undefined ? { precision: t.precision } : {}),
    isNullable: o.nullable ?? false,
    isPrimary: o.primary ?? false,
    ...(o.default !== undefined ? { default: defaultLiteral(dialect, o.default) } : {}),
  });
}

function defaultLiteral(dialect: Dialect, v: string | number | boolean): string {
  if (typeof v === 'boolean') return dialect === 'postgres' ? String(v) : v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/** An entity column (EntitySchema API) matching {@link tableColumn}. */
export function entityColumn(dialect: Dialect, c: ColumnKind, o: ColumnOptions = {}): EntitySchemaColumnOptions {
  const t = physicalType(dialect, c);
  const transformer = c.kind === 'json' ? jsonTransformer : c.kind === 'bigint' ? bigintTransformer : c.kind === 'boolean' ? booleanTransformer : undefined;
  return {
    type: t.type as EntitySchemaColumnOptions['type'],
    ...(t.length ? { length: t.length } : {}),
    ...(t.precision !== undefined ? { precision: t.precision } : {}),
    nullable: o.nullable ?? false,
    primary: o.primary ?? false,
    ...(o.name ? { name: o.name } : {}),
    ...(o.default !== undefined ? { default: typeof o.default === 'string' ? o.default : o.default } : {}),
    ...(transformer ? { transformer } : {}),
  };
}

export interface EntityDefinition<T> {
  /** The class instances are made of (a plain class, no decorators). */
  target: new () => T;
  table: string;
  columns: Record<string, { column: string; kind: ColumnKind } & ColumnOptions>;
  indices?: { name: string; columns: string[]; unique?: boolean }[];
}

/** Builds the EntitySchema of a definition for one engine. */
export function entitySchema<T>(dialect: Dialect, def: EntityDefinition<T>): EntitySchema<T> {
  const columns: Record<string, EntitySchemaColumnOptions> = {};
  for (const [prop, spec] of Object.entries(def.columns)) {
    columns[prop] = entityColumn(dialect, spec.kind, { ...spec, name: spec.column });
  }
  return new EntitySchema<T>({
    name: def.target.name,
    target: def.target,
    tableName: def.table,
    columns: columns as never,
    indices: (def.indices ?? []).map((i) => ({ name: i.name, columns: i.columns, unique: i.unique ?? false })) as never,
  });
}
