import { TOKEN_VERIFIER } from '@fleet/shared-auth';

/** Injection tokens of what the kit provides to a service's Nest module. */
export const KIT = {
  config: Symbol('fleet.config'),
  logger: Symbol('fleet.logger'),
  dataSource: Symbol('fleet.dataSource'),
  rpc: Symbol('fleet.rpc'),
  outbox: Symbol('fleet.outbox'),
  events: Symbol('fleet.events'),
  metrics: Symbol('fleet.metrics'),
  nats: Symbol('fleet.nats'),
  /**
   * The process's TokenVerifier (one JWKS cache per process). The same token as `TOKEN_VERIFIER` of
   * @fleet/shared-auth, which `@CurrentPrincipal()` / `@OptionalPrincipal()` inject.
   */
  tokenVerifier: TOKEN_VERIFIER,
  /** The process's ServiceIdentity (@fleet/shared-auth): headers that make a NATS request come from this service. */
  serviceIdentity: Symbol('fleet.serviceIdentity'),
} as const;
