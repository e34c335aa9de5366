import { Module } from '@nestjs/common';
import { PlatformPermissions } from '../access/platform-permissions';
import { CompanyCreatedConsumer } from './company-created.consumer';
import { RealmsNatsController } from './realms.nats.controller';
import { RealmsService } from './realms.service';

@Module({ controllers: [RealmsNatsController], providers: [RealmsService, CompanyCreatedConsumer, PlatformPermissions] })
export class RealmsModule {}
