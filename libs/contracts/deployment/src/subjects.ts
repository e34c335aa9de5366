import { healthCheckSubject } from '@fleet/contracts-fleet';

/** The service name: NATS queue group, subject root and error-code prefix. */
export const DEPLOYMENT_SERVICE = 'deployment';

/** Request subjects of the deployment service (`deployment.<entity>.<verb>`). */
export const DeploymentSubjects = {
  /** Measured readiness (NATS, database, migrations). Request: HealthCheckRequest, reply: HealthCheckReply. */
  healthCheck: healthCheckSubject('deployment'),
  /** BuildPackageRequest → PackageReply: snapshot a catalog tag into a signed, immutable package (`project.deploy`). */
  packageBuild: 'deployment.package.build',
  /** ListPackagesRequest → PackageListReply (`project.read`). */
  packageList: 'deployment.package.list',
  /** GetPackageRequest → PackageReply (`project.read`). */
  packageGet: 'deployment.package.get',
  /** GetPackageRequest → PackageFileReply: the signed package file (`project.read`). */
  packageExport: 'deployment.package.export',
  /** ImportPackageRequest → PackageReply: a package file signed by a trusted key (`project.deploy`). */
  packageImport: 'deployment.package.import',
  /** InspectPackageRequest → InspectionReply: object list and safety verdict against an environment (`environment.read`). */
  packageInspect: 'deployment.package.inspect',
  /** ApplyPackageRequest → DeploymentReply (status `pending`): start the two-phase apply (`project.deploy`). */
  deploymentApply: 'deployment.deployment.apply',
  /** ListDeploymentsRequest → DeploymentListReply: an environment's history, newest first (`environment.read`). */
  deploymentList: 'deployment.deployment.list',
  /** GetDeploymentRequest → DeploymentReply (`environment.read`). */
  deploymentGet: 'deployment.deployment.get',
  /** MaintenanceRequest → MaintenanceReply: state and announcement (`environment.read`, or any user of the environment's Work Portal). */
  maintenanceGet: 'deployment.maintenance.get',
  /** OpenMaintenanceRequest → MaintenanceReply: open a window by hand (`environment.manage`). */
  maintenanceOpen: 'deployment.maintenance.open',
  /** MaintenanceRequest → MaintenanceReply: close a manual window (`environment.manage`; a deployment's window: 409). */
  maintenanceClose: 'deployment.maintenance.close',
  /** AnnounceMaintenanceRequest → MaintenanceReply: schedule the pre-announcement banner (`environment.manage`). */
  maintenanceAnnounce: 'deployment.maintenance.announce',
  /** MaintenanceListRequest → MaintenanceListReply: every environment not `active` (internal: `svc:gateway`). */
  maintenanceList: 'deployment.maintenance.list',
  /** ApplyAcknowledgeRequest → ApplyAcknowledgeReply: a runtime service's outcome for an apply (internal: `svc:<that service>`). */
  applyAcknowledge: 'deployment.apply.acknowledge',
  /** SigningKeyRequest → SigningKeyReply: this installation's public package-signing key (any company user). */
  signingKeyGet: 'deployment.signing-key.get',
  /** AddTrustedKeyRequest → TrustedKeyReply (`company.manage`). */
  trustedKeyAdd: 'deployment.trusted-key.add',
  /** ListTrustedKeysRequest → TrustedKeyListReply (`company.manage`). */
  trustedKeyList: 'deployment.trusted-key.list',
  /** RemoveTrustedKeyRequest → TrustedKeyReply (`company.manage`). */
  trustedKeyRemove: 'deployment.trusted-key.remove',
} as const;

/** Event subjects of the deployment service (past tense), the subjects of its JetStream stream. */
export const DeploymentEvents = {
  /** Phase 1: a package for the runtime services to stage. Payload: ApplyRequestedEvent. */
  applyRequested: 'deployment.apply.requested',
  /** Phase 2: every acknowledger staged it; the environment now runs it. Payload: ApplyCommittedEvent. */
  applyCommitted: 'deployment.apply.committed',
  /** The apply failed or timed out; stages are discarded. Payload: ApplyAbortedEvent. */
  applyAborted: 'deployment.apply.aborted',
  /** An environment's maintenance window changed state. Payload: MaintenanceChangedEvent. */
  maintenanceChanged: 'deployment.maintenance.changed',
} as const;

/** Every event subject, for the stream definition. */
export const DEPLOYMENT_EVENT_SUBJECTS: readonly string[] = Object.values(DeploymentEvents);

/** The runtime services that receive packages (the default of `DEPLOYMENT_ACKNOWLEDGERS`). */
export const RUNTIME_SERVICES = ['work-portal', 'scheduler', 'connector', 'management-console'] as const;

/** Format tag of an exported package file. */
export const PACKAGE_FORMAT = 'fleet-package/1';
