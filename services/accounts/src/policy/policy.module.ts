import { Module } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { PolicyService } from './policy.service';

/** Realm policies and password hashing, used by users and sign-in. */
@Module({ providers: [PolicyService, PasswordHasher], exports: [PolicyService, PasswordHasher] })
export class PolicyModule {}
