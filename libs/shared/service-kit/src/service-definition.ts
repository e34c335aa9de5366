import type { EnvSpec } from '@fleet/shared-config';
import type { Dialect } from '@fleet/shared-database';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import type { EntitySchema, MigrationInterface } from 'typeorm';

/** Everything a service tells the kit about itself. */
export interface ServiceDefinition {
  /** Service name (`work-portal`); also the NATS queue group and the env prefix. */
  name: string;
  /** The service's own settings on top of the base ones. */
  env?: EnvSpec;
  /** Entity schemas for an engine (the event tables are added by the kit). */
  entities: (dialect: Dialect) => EntitySchema[];
  /** Migration classes, oldest first. */
  migrations: (new () => MigrationInterface)[];
  /** Event subjects this service owns (its JetStream stream's subjects). */
  eventSubjects?: readonly string[];
  /** The service's root module; it can inject the kit's providers (see KIT tokens). */
  module: Type<unknown> | DynamicModule;
  /** An HTTP server (the gateway): the app is created on Fastify and this configures it before listen. */
  http?: {
    host: (env: Record<string, unknown>) => string;
    port: (env: Record<string, unknown>) => number;
    /** Options of the Fastify instance (body limit, request ids). */
    adapterOptions?: (env: Record<string, unknown>) => Record<string, unknown>;
    configure?: (app: INestApplication) => Promise<void> | void;
  };
}
