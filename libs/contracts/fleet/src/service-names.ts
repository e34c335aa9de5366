/** The ten deployables of the fleet. */
export const FleetServices = [
  'gateway',
  'accounts',
  'platform',
  'catalog',
  'deployment',
  'scheduler',
  'connector',
  'work-portal',
  'management-console',
  'smtp',
] as const;
export type FleetServiceName = (typeof FleetServices)[number];

/** The services that sit behind the gateway and answer on NATS. */
export const BackendServices = FleetServices.filter((s) => s !== 'gateway') as Exclude<FleetServiceName, 'gateway'>[];

/** `work-portal` → `WORK_PORTAL`: the prefix of a service's environment variables. */
export function envPrefixOf(service: string): string {
  return service.toUpperCase().replace(/-/g, '_');
}

/** `work-portal` → `WORK_PORTAL` used in JetStream stream names. */
export function streamNameOf(service: string, prefix = ''): string {
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}FLEET_${envPrefixOf(service)}`;
}
