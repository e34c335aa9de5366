import { streamNameOf } from '@fleet/contracts-fleet';
import { JetStreamApiError, jetstreamManager, RetentionPolicy, StorageType, type JetStreamManager } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

/**
 * Creates or updates the stream owned by `service`: exactly its event subjects, file storage,
 * a 2-minute duplicate window (outbox re-publishes are dropped), 7 days of retention.
 */
export async function ensureServiceStream(nc: NatsConnection, service: string, subjects: readonly string[], subjectPrefix = ''): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const name = streamNameOf(service, subjectPrefix);
  const config = {
    name,
    subjects: subjects.map((s) => subjectPrefix + s),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(120_000),
    max_age: nanos(7 * 24 * 3600 * 1000),
  };
  try {
    const info = await jsm.streams.info(name);
    const wanted = [...config.subjects].sort().join(',');
    if ([...(info.config.subjects ?? [])].sort().join(',') !== wanted) await jsm.streams.update(name, { subjects: config.subjects });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(config);
  }
  return name;
}

/** Deletes every stream whose name starts with the prefix (test clean-up). */
export async function deleteStreamsWithPrefix(nc: NatsConnection, prefix: string): Promise<string[]> {
  if (!prefix) throw new Error('refusing to delete streams without a prefix');
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const deleted: string[] = [];
  const safe = prefix.replace(/[^A-Za-z0-9_-]/g, '_');
  for await (const s of jsm.streams.list()) {
    if (s.config.name.startsWith(safe)) {
      await jsm.streams.delete(s.config.name);
      deleted.push(s.config.name);
    }
  }
  return deleted;
}

export function isNotFound(err: unknown): boolean {
  // JetStreamApiError: `status` is the HTTP-like status, `code` the JetStream error number
  // (10059 stream not found, 10014 consumer not found)
  if (err instanceof JetStreamApiError) return err.status === 404 || err.code === 10059 || err.code === 10014;
  return /not found/i.test((err as Error)?.message ?? '');
}
