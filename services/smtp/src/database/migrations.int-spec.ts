import { describeMigrationContract } from '@fleet/shared-testing';
import { SmtpService } from '../service';

describeMigrationContract(SmtpService);
