import type { Dialect } from '@fleet/shared-database';
import type { EntitySchema } from 'typeorm';
import { inboundEntities } from './inbound/inbound.entities';
import { mailMessageEntities } from './outbound/mail-message.entity';
import { relayEntities } from './relays/relay.entity';

/** Every entity schema of smtp for one engine. */
export function smtpEntities(d: Dialect): EntitySchema[] {
  return [...mailMessageEntities(d), ...relayEntities(d), ...inboundEntities(d)];
}
