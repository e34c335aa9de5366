import type { EnvironmentKind, SubscriptionKind } from '@fleet/contracts-platform';
import { col, entitySchema, type Dialect, type EntityDefinition } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';

/** A company's subscription of one kind (modeler, studio, automation). */
export class Subscription {
  id!: string;
  companyId!: string;
  kind!: SubscriptionKind;
  name!: string;
  createdAt!: Date;
}

/** A project of a subscription; its name is unique within the company. */
export class Project {
  id!: string;
  companyId!: string;
  subscriptionId!: string;
  name!: string;
  /** Lower-cased name, for the case-insensitive uniqueness. */
  nameKey!: string;
  description!: string | null;
  createdBy!: string;
  createdAt!: Date;
}

/** An environment of a project: each has its own Work Portal realm `env:<id>`. */
export class Environment {
  id!: string;
  companyId!: string;
  projectId!: string;
  kind!: EnvironmentKind;
  name!: string;
  createdAt!: Date;
}

export const subscriptionDefinition: EntityDefinition<Subscription> = {
  target: Subscription,
  table: 'subscriptions',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    kind: { column: 'kind', kind: col.string(20) },
    name: { column: 'name', kind: col.string(120) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_subscriptions_company_kind', columns: ['companyId', 'kind'], unique: true }],
};

export const projectDefinition: EntityDefinition<Project> = {
  target: Project,
  table: 'projects',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    subscriptionId: { column: 'subscription_id', kind: col.id() },
    name: { column: 'name', kind: col.string(80) },
    nameKey: { column: 'name_key', kind: col.string(80) },
    description: { column: 'description', kind: col.string(500), nullable: true },
    createdBy: { column: 'created_by', kind: col.id() },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_projects_company_name', columns: ['companyId', 'nameKey'], unique: true }],
};

export const environmentDefinition: EntityDefinition<Environment> = {
  target: Environment,
  table: 'environments',
  columns: {
    id: { column: 'id', kind: col.id(), primary: true },
    companyId: { column: 'company_id', kind: col.id() },
    projectId: { column: 'project_id', kind: col.id() },
    kind: { column: 'kind', kind: col.string(20) },
    name: { column: 'name', kind: col.string(80) },
    createdAt: { column: 'created_at', kind: col.timestamp() },
  },
  indices: [{ name: 'ux_environments_project_kind', columns: ['projectId', 'kind'], unique: true }],
};

export const organizationEntities = (d: Dialect): EntitySchema[] => [entitySchema(d, subscriptionDefinition), entitySchema(d, projectDefinition), entitySchema(d, environmentDefinition)];
