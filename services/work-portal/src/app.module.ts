import { Module } from '@nestjs/common';

/** Root module of work-portal. Its capabilities arrive with their own issues; today it answers health checks. */
@Module({})
export class WorkPortalModule {}
