import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

export const TriggerFields = ['from', 'subject', 'body'] as const;
export type TriggerField = (typeof TriggerFields)[number];
export const TriggerOperators = ['contains', 'equals', 'starts-with'] as const;
export type TriggerOperator = (typeof TriggerOperators)[number];

/** One condition of an e-mail trigger (case-insensitive). */
export class MailTriggerCondition {
  @IsIn(TriggerFields)
  field!: TriggerField;

  @IsIn(TriggerOperators)
  operator!: TriggerOperator;

  @IsString()
  @Length(1, 500)
  value!: string;
}

/** `smtp.trigger.create`: when an e-mail to the environment's trigger mailbox matches, start a case of `processId`. */
export class CreateMailTriggerRequest {
  @IsUUID()
  environmentId!: string;

  @IsString()
  @Length(1, 120)
  name!: string;

  /** The process whose case is started (work-portal resolves it). */
  @IsString()
  @Length(1, 200)
  processId!: string;

  /** Sender domains considered (empty: every domain). */
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z0-9.-]{1,253}$/i, { each: true, message: 'each sender domain must be a domain name' })
  senderDomains!: string[];

  /** At least one condition. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MailTriggerCondition)
  conditions!: MailTriggerCondition[];

  /** `all`: every condition (AND); `any`: one of them (OR). */
  @IsIn(['all', 'any'])
  match!: 'all' | 'any';

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** `smtp.trigger.update`: changes only the fields given; a change makes the trigger the most recently changed. */
export class UpdateMailTriggerRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  triggerId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  processId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z0-9.-]{1,253}$/i, { each: true, message: 'each sender domain must be a domain name' })
  senderDomains?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MailTriggerCondition)
  conditions?: MailTriggerCondition[];

  @IsOptional()
  @IsIn(['all', 'any'])
  match?: 'all' | 'any';

  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListMailTriggersRequest {
  @IsUUID()
  environmentId!: string;
}

export class DeleteMailTriggerRequest {
  @IsUUID()
  environmentId!: string;

  @IsUUID()
  triggerId!: string;
}

export class MailTriggerReply {
  @IsUUID()
  id!: string;
  @IsUUID()
  environmentId!: string;
  @IsString()
  name!: string;
  @IsString()
  processId!: string;
  @IsArray()
  senderDomains!: string[];
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MailTriggerCondition)
  conditions!: MailTriggerCondition[];
  @IsIn(['all', 'any'])
  match!: 'all' | 'any';
  @IsBoolean()
  active!: boolean;
  /** The address that receives the trigger e-mails of this environment. */
  @IsString()
  mailbox!: string;
  @IsISO8601()
  createdAt!: string;
  @IsISO8601()
  updatedAt!: string;
}

export class MailTriggerListReply {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => MailTriggerReply)
  items!: MailTriggerReply[];
}
