import { Module } from '@nestjs/common';
import { Upstream } from '../upstream/upstream.service';
import { CatalogHttpController } from './catalog.http.controller';

/** HTTP routes of the catalog service. */
@Module({ controllers: [CatalogHttpController], providers: [Upstream] })
export class CatalogRoutesModule {}
