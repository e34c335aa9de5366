import { Module } from '@nestjs/common';
import { Upstream } from '../upstream/upstream.service';
import { ConnectorsHttpController } from './connectors.http.controller';

/** HTTP routes of the connector service. */
@Module({ controllers: [ConnectorsHttpController], providers: [Upstream] })
export class ConnectorRoutesModule {}
