import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';

/**
 * `work-portal.task.complete-by-mail` (internal: `svc:smtp`): the assignee answered a task e-mail.
 * smtp has checked that the token is one it sent and that the sender is the address it sent it to;
 * work-portal checks again that `sender` is the task's assignee, that the task is open and that
 * `decision` is one of its decisions, and completes it. Idempotent per `messageId`.
 */
export class CompleteTaskByMailRequest {
  /** The task's unguessable reply token (from the reply address `reply+<token>@…`). */
  @IsString()
  @Length(20, 200)
  token!: string;

  /** The envelope sender, lower-cased (also the `From:` address). */
  @IsEmail()
  @MaxLength(254)
  sender!: string;

  /** The first non-empty line of the reply. */
  @IsString()
  @Length(1, 200)
  decision!: string;

  /** The text after the decision, up to the quoted original. */
  @IsString()
  @MaxLength(10000)
  comment!: string;

  /** The reply's Message-ID (de-duplication of a mail delivered twice). */
  @IsString()
  @Length(1, 998)
  messageId!: string;
}

export class CompleteTaskByMailReply {
  @IsString()
  taskId!: string;
  @IsString()
  caseId!: string;
  /** false when this messageId had completed the task before (nothing done again). */
  @IsBoolean()
  completed!: boolean;
}

/** The e-mail that started a case, as the case sees it. */
export class TriggerMail {
  @IsEmail()
  @MaxLength(254)
  from!: string;
  @IsString()
  @MaxLength(998)
  subject!: string;
  @IsString()
  @MaxLength(100000)
  body!: string;
  @IsString()
  @MaxLength(998)
  messageId!: string;
}

/**
 * `work-portal.case.start` (internal: `svc:smtp` for e-mail triggers, later other starters): start a
 * case of `processId` in the environment. Idempotent per `idempotencyKey`.
 */
export class StartCaseRequest {
  @IsUUID()
  environmentId!: string;

  @IsString()
  @Length(1, 200)
  processId!: string;

  @IsString()
  @Length(1, 1000)
  idempotencyKey!: string;

  /** The trigger that matched, when an e-mail started the case. */
  @IsOptional()
  @IsUUID()
  triggerId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => TriggerMail)
  mail?: TriggerMail;
}

export class StartCaseReply {
  @IsString()
  caseId!: string;
  /** false when the key had started this case before. */
  @IsBoolean()
  created!: boolean;
}
