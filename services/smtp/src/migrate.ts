import 'reflect-metadata';
import { migrateMain } from '@fleet/shared-service-kit';
import { SmtpService } from './service';

migrateMain(SmtpService);
