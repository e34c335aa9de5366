import { Module } from '@nestjs/common';
import { CompaniesNatsController } from './companies.nats.controller';
import { CompaniesService } from './companies.service';

@Module({ controllers: [CompaniesNatsController], providers: [CompaniesService] })
export class CompaniesModule {}
