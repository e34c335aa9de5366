import { Type } from 'class-transformer';
import { IsArray, IsISO8601, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

export class SigningKeyRequest {}

export class SigningKeyReply {
  @IsString()
  alg!: 'Ed25519';
  @IsString()
  keyId!: string;
  /** The raw 32-byte Ed25519 public key, base64url. */
  @IsString()
  publicKey!: string;
}

export class AddTrustedKeyRequest {
  @IsUUID()
  companyId!: string;

  /** The other installation's public key as `GET /api/v1/deployment/signing-key` shows it. */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'publicKey must be a raw Ed25519 public key in base64url (43 characters)' })
  publicKey!: string;

  @IsString()
  @Length(1, 120)
  name!: string;
}

export class ListTrustedKeysRequest {
  @IsUUID()
  companyId!: string;
}

export class RemoveTrustedKeyRequest {
  @IsUUID()
  companyId!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{22}$/, { message: 'keyId must be a key id (22 base64url characters)' })
  keyId!: string;
}

export class TrustedKeyReply {
  @IsString()
  keyId!: string;
  @IsUUID()
  companyId!: string;
  @IsString()
  publicKey!: string;
  @IsString()
  name!: string;
  @IsString()
  addedBy!: string;
  @IsISO8601()
  createdAt!: string;
}

export class TrustedKeyListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => TrustedKeyReply)
  items!: TrustedKeyReply[];
}
