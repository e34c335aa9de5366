import { LoginRequest } from '@fleet/contracts-accounts';
import { OmitType } from '@nestjs/swagger';

/**
 * Body of `POST /api/v1/auth/login`: `accounts.auth.login`'s request without `clientIp`, which the
 * gateway sets from the connection (a client must not choose the address its failures count against).
 * The validation rules are LoginRequest's own (OmitType copies them).
 */
export class LoginBody extends OmitType(LoginRequest, ['clientIp'] as const) {}
