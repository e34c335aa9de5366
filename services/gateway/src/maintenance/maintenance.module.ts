import { Module } from '@nestjs/common';
import { MaintenanceGate } from './maintenance-gate.service';

/** The maintenance gate in front of every environment's Work Portal routes. */
@Module({ providers: [MaintenanceGate], exports: [MaintenanceGate] })
export class MaintenanceGateModule {}
