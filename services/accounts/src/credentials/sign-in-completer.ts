import { AccountsEvents, type LoginReply, type LoginSucceededEvent, type OtpIssuedEvent, type TokenPairReply } from '@fleet/contracts-accounts';
import { appendToOutbox, type OutboxRelay } from '@fleet/shared-events';
import { KIT } from '@fleet/shared-service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { LockoutService } from '../auth/lockout.service';
import { passwordChangeRequired, type RealmPolicy } from '../policy/realm-policy';
import { SessionsService } from '../sessions/sessions.service';
import type { User } from '../users/user.entity';
import { CHALLENGE_TTL_SECONDS, issueChallenge, newOneTimeCode } from './challenge-store';

/** How far a sign-in got: after the password, or after the password and the e-mailed code. */
export interface SignInStep {
  user: User;
  policy: RealmPolicy;
  clientIp?: string;
  correlationId?: string;
  now: Date;
  /** The second factor was given (or is not required). */
  mfaDone: boolean;
}

/**
 * What follows a verified password: an e-mailed one-time code when the realm requires MFA, a
 * password-change ticket when the password must change (first sign-in, expiry), else a session and
 * its token pair. No tokens exist before every step is done, so a half-finished sign-in can call nothing.
 */
@Injectable()
export class SignInCompleter {
  constructor(
    @Inject(KIT.dataSource) private readonly ds: DataSource,
    @Inject(KIT.outbox) private readonly outbox: OutboxRelay,
    private readonly lockout: LockoutService,
    private readonly sessions: SessionsService,
  ) {}

  async next(step: SignInStep): Promise<LoginReply> {
    if (step.policy.mfaRequired && !step.mfaDone) return this.mfaChallenge(step);
    if (passwordChangeRequired(step.user, step.policy, step.now)) return this.passwordChangeChallenge(step);
    return this.openSession(step);
  }

  /** Opens a session (audited as a successful sign-in) and answers its token pair. */
  async openSession(step: SignInStep): Promise<TokenPairReply> {
    const { user, now, clientIp, correlationId } = step;
    const { session, refreshToken } = await this.ds.transaction(async (m) => {
      await this.lockout.clearAccount(m, user.realm, user.email);
      const opened = await this.sessions.open(m, user, step.policy, clientIp, correlationId);
      const event: LoginSucceededEvent = { userId: user.id, companyId: user.companyId, realm: user.realm, sessionId: opened.session.id, ...(clientIp ? { clientIp } : {}), at: now.toISOString() };
      await appendToOutbox(m, AccountsEvents.loginSucceeded, event, { correlationId });
      return opened;
    });
    this.outbox.nudge();
    return this.sessions.pair(session, refreshToken);
  }

  private async mfaChallenge(step: SignInStep): Promise<LoginReply> {
    const { user, now } = step;
    const code = newOneTimeCode();
    const { secret } = await this.ds.transaction(async (m) => {
      const issued = await issueChallenge(m, 'mfa', user, now, { clientIp: step.clientIp, code });
      const event: OtpIssuedEvent = { userId: user.id, email: user.email, realm: user.realm, code, expiresAt: issued.expiresAt.toISOString() };
      await appendToOutbox(m, AccountsEvents.otpIssued, event, { correlationId: step.correlationId });
      return issued;
    });
    this.outbox.nudge();
    return { mfa_required: true, mfa_ticket: secret, expires_in: CHALLENGE_TTL_SECONDS.mfa };
  }

  private async passwordChangeChallenge(step: SignInStep): Promise<LoginReply> {
    const { secret } = await this.ds.transaction((m) => issueChallenge(m, 'password-change', step.user, step.now, { clientIp: step.clientIp }));
    return { password_change_required: true, password_change_ticket: secret, expires_in: CHALLENGE_TTL_SECONDS['password-change'] };
  }
}
