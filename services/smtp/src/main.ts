import 'reflect-metadata';
import { main } from '@fleet/shared-service-kit';
import { SmtpService } from './service';

main(SmtpService);
