import { PageQuery } from '@fleet/contracts-fleet';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/** The e-mail templates smtp renders. */
export const NotificationTemplates = ['task-assigned', 'alarm', 'case-cancelled', 'invitation', 'password-reset', 'one-time-code'] as const;
export type NotificationTemplate = (typeof NotificationTemplates)[number];

/** Where a queued e-mail is: `pending` (waiting or retrying), `sending`, `sent`, `failed` (permanent), `skipped` (e-mail disabled). */
export const DeliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DeliveryStatuses)[number];

/**
 * `smtp.notification.send` (internal: a Fleet service's token). `data` fills the template: every
 * template takes `subject` overrides nowhere; see services/smtp/README.md for each template's keys.
 * `task-assigned` may carry `data.replyToken` (the task's unguessable reply token): the e-mail's
 * Reply-To then lets the assignee complete the task by answering it.
 */
export class SendNotificationRequest {
  @IsUUID()
  companyId!: string;

  @IsUUID()
  environmentId!: string;

  @IsIn(NotificationTemplates)
  template!: NotificationTemplate;

  @IsEmail()
  @MaxLength(254)
  recipient!: string;

  /** Template values (strings only, each at most 10,000 characters). */
  @IsObject()
  data!: Record<string, string>;

  /** The caller's key: a second request with the same key (same environment) is not sent again. */
  @IsString()
  @Length(1, 200)
  idempotencyKey!: string;
}

export class NotificationAcceptedReply {
  @IsUUID()
  notificationId!: string;
  @IsIn(DeliveryStatuses)
  status!: DeliveryStatus;
  /** true when the key had been accepted before (nothing new queued). */
  @IsBoolean()
  duplicate!: boolean;
}

/** Transport security of a relay: STARTTLS upgrade (587), implicit TLS (465), or none (loopback/tests). */
export const RelaySecurities = ['starttls', 'tls', 'none'] as const;
export type RelaySecurity = (typeof RelaySecurities)[number];

export class GetMailRelayRequest {
  @IsUUID()
  environmentId!: string;
}

/** `smtp.relay.set`: replaces the environment's relay; `password` omitted keeps the stored one. */
export class SetMailRelayRequest {
  @IsUUID()
  environmentId!: string;

  /** Off: the environment's notifications are logged `skipped` and not sent. */
  @IsBoolean()
  enabled!: boolean;

  @IsString()
  @Matches(/^[A-Za-z0-9.-]{1,253}$/, { message: 'host must be a host name or IPv4 address' })
  host!: string;

  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @IsIn(RelaySecurities)
  security!: RelaySecurity;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  username?: string;

  /** Write-only: never answered. */
  @IsOptional()
  @IsString()
  @Length(1, 500)
  password?: string;

  @IsEmail()
  @MaxLength(254)
  fromAddress!: string;
}

export class MailRelayReply {
  @IsUUID()
  environmentId!: string;
  /** false when the environment has no relay of its own (the installation relay sends its e-mail). */
  @IsBoolean()
  configured!: boolean;
  @IsBoolean()
  enabled!: boolean;
  @IsOptional()
  @IsString()
  host?: string;
  @IsOptional()
  @IsInt()
  port?: number;
  @IsOptional()
  @IsIn(RelaySecurities)
  security?: RelaySecurity;
  @IsOptional()
  @IsString()
  username?: string;
  /** Whether a password is stored (the password itself is never answered). */
  @IsBoolean()
  passwordSet!: boolean;
  @IsOptional()
  @IsString()
  fromAddress?: string;
  @IsOptional()
  @IsISO8601()
  updatedAt?: string;
}

export class ListMailDeliveriesRequest extends PageQuery {
  @IsUUID()
  environmentId!: string;

  @IsOptional()
  @IsIn(DeliveryStatuses)
  status?: DeliveryStatus;
}

/** One e-mail of the delivery log (never its body or template data). */
export class MailDeliveryReply {
  @IsUUID()
  id!: string;
  @IsIn(NotificationTemplates)
  template!: NotificationTemplate;
  @IsString()
  recipient!: string;
  @IsString()
  subject!: string;
  @IsIn(DeliveryStatuses)
  status!: DeliveryStatus;
  @IsInt()
  attempts!: number;
  /** The RFC 5322 Message-ID every attempt carries. */
  @IsString()
  messageId!: string;
  @IsOptional()
  @IsString()
  lastError?: string;
  /** The relay's last SMTP reply code (e.g. 550, 451), when it answered one. */
  @IsOptional()
  @IsInt()
  lastCode?: number;
  @IsOptional()
  @IsISO8601()
  nextAttemptAt?: string;
  @IsISO8601()
  createdAt!: string;
  @IsOptional()
  @IsISO8601()
  sentAt?: string;
}

export class MailDeliveryListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MailDeliveryReply)
  items!: MailDeliveryReply[];
}
