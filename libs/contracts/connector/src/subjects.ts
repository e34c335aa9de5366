import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const CONNECTOR_SERVICE = 'connector';

/** Request subjects of the connector service (`connector.<entity>.<verb>`). */
export const ConnectorSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('connector'),
  /** Put one connector definition into an environment (`environment.manage`). PutDefinitionRequest → DefinitionReply. */
  definitionPut: 'connector.definition.put',
  /** The environment's connector definitions (`environment.read`). ListDefinitionsRequest → DefinitionListReply. */
  definitionList: 'connector.definition.list',
  /** The environment's connector parameters; secret ones show their reference, never a value (`environment.read`). EnvironmentRequest → ParameterListReply. */
  parameterList: 'connector.parameter.list',
  /** Set one parameter: a plain value, or a secret reference (`environment.manage`). SetParameterRequest → ParameterReply. */
  parameterSet: 'connector.parameter.set',
  /** Remove one parameter (`environment.manage`). DeleteParameterRequest → DeletedReply. */
  parameterDelete: 'connector.parameter.delete',
  /** The environment's outbound policy (`environment.read`). EnvironmentRequest → OutboundPolicyReply. */
  policyGet: 'connector.policy.get',
  /** Change the outbound policy (`environment.manage`). UpdateOutboundPolicyRequest → OutboundPolicyReply. */
  policyUpdate: 'connector.policy.update',
  /**
   * Run a connector for a process (internal: a Fleet service token of `svc:work-portal` or
   * `svc:scheduler`). ExecuteInvocationRequest → InvocationResultReply.
   */
  invocationExecute: 'connector.invocation.execute',
  /** A test call by an administrator, recorded like any invocation (`environment.manage`). TestInvocationRequest → InvocationResultReply. */
  invocationTest: 'connector.invocation.test',
  /** The invocation log of an environment, newest first (`environment.read`). ListInvocationsRequest → InvocationListReply. */
  invocationList: 'connector.invocation.list',
  /** One invocation with its attempts and redacted request/response (`environment.read`). GetInvocationRequest → InvocationReply. */
  invocationGet: 'connector.invocation.get',
} as const;

/** Fleet services that may call `connector.invocation.execute` (the `sub` of their service token). */
export const CONNECTOR_EXECUTE_CALLERS = ['svc:work-portal', 'svc:scheduler'] as const;

/** Event subjects of the connector service (past tense), the subjects of its JetStream stream. */
export const ConnectorEvents = {} as const;

/** Every event subject, for the stream definition. */
export const CONNECTOR_EVENT_SUBJECTS: readonly string[] = Object.values(ConnectorEvents);
