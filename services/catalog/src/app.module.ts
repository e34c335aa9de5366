import { Module } from '@nestjs/common';
import { CatalogAccess } from './access/catalog-access';
import { CatalogNatsController } from './catalog.nats.controller';
import { CommitService } from './commits/commit.service';
import { ImportService } from './import/import.service';
import { LocksService } from './locks/locks.service';
import { ReadsService } from './reads/reads.service';
import { TagsService } from './tags/tags.service';

/** Root module of catalog: versioned project metadata (artifacts, commits, locks, tags, BPMN import). */
@Module({
  controllers: [CatalogNatsController],
  providers: [CatalogAccess, ReadsService, CommitService, LocksService, TagsService, ImportService],
})
export class CatalogModule {}
