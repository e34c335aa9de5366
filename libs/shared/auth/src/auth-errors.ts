import { FleetError } from '@fleet/shared-errors';

/** Error codes of token verification (`AUTH.REASON`): every service answers them the same way. */
export const AuthErrorCodes = {
  /** Missing, malformed, forged, expired or otherwise unacceptable access token (HTTP 401). */
  UNAUTHORIZED: 'AUTH.UNAUTHORIZED',
  /** The signing keys (JWKS) cannot be loaded from accounts, so no token can be checked (HTTP 503). */
  UNAVAILABLE: 'AUTH.UNAVAILABLE',
} as const;

/** The one message every refused token gets: the caller learns nothing about why. */
export const UNAUTHORIZED_MESSAGE = 'a valid access token is required (Authorization: Bearer <token>)';

/**
 * A refused access token. `message` is the same for every reason (it crosses the wire); `reason`
 * says why, for the server log only: it is not in `details`, so it never leaves the process.
 */
export class UnauthorizedError extends FleetError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(AuthErrorCodes.UNAUTHORIZED, UNAUTHORIZED_MESSAGE, undefined, options);
  }
}
