import type { NotificationTemplate } from '@fleet/contracts-smtp';

/** A rendered e-mail. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** What a template may use besides its data. */
export interface RenderContext {
  /** Public base URL of the portal (links). */
  publicUrl: string;
  /** Reply address of a task e-mail, when it carries a reply token. */
  replyAddress?: string;
}

interface TemplateDef {
  subject: string;
  lines: string[];
  /** Data keys the template requires. */
  required: string[];
}

/**
 * The built-in templates: plain text with `{{key}}` placeholders; the HTML part is the same text,
 * escaped. Values are the request's `data` plus `publicUrl`.
 */
const TEMPLATES: Record<NotificationTemplate, TemplateDef> = {
  'task-assigned': {
    subject: 'New task: {{taskName}}',
    lines: ['Hello {{assigneeName}},', '', 'the task "{{taskName}}" of case {{caseNumber}} was assigned to you.', 'Open it: {{taskUrl}}'],
    required: ['taskName', 'caseNumber'],
  },
  alarm: {
    subject: 'Alarm: {{taskName}} {{alarmKind}}',
    lines: ['Hello {{assigneeName}},', '', 'the task "{{taskName}}" of case {{caseNumber}} {{alarmKind}} (due {{dueAt}}).', 'Open it: {{taskUrl}}'],
    required: ['taskName', 'caseNumber', 'alarmKind'],
  },
  'case-cancelled': {
    subject: 'Case {{caseNumber}} was cancelled',
    lines: ['Hello {{recipientName}},', '', 'case {{caseNumber}} ({{processName}}) was cancelled.', '{{reason}}'],
    required: ['caseNumber'],
  },
  invitation: {
    subject: 'You are invited to Fleet',
    lines: ['Hello,', '', 'you are invited to join a company on Fleet.', 'Accept the invitation (valid until {{expiresAt}}):', '{{publicUrl}}/invitations/accept?token={{token}}'],
    required: ['token', 'expiresAt'],
  },
  'password-reset': {
    subject: 'Reset your Fleet password',
    lines: ['Hello,', '', 'somebody asked to reset the password of this account. If it was you, choose a new password (valid until {{expiresAt}}):', '{{publicUrl}}/password-reset?token={{token}}', '', 'If it was not you, ignore this e-mail.'],
    required: ['token', 'expiresAt'],
  },
  'one-time-code': {
    subject: 'Your Fleet sign-in code',
    lines: ['Your sign-in code is {{code}}', '', 'It is valid until {{expiresAt}}. Nobody from Fleet will ever ask you for it.'],
    required: ['code', 'expiresAt'],
  },
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const fill = (s: string, values: Record<string, string>) => s.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k] ?? '');

/** The data keys a template requires but `data` lacks. */
export function missingKeys(template: NotificationTemplate, data: Record<string, unknown>): string[] {
  return TEMPLATES[template].required.filter((k) => typeof data[k] !== 'string' || data[k] === '');
}

/** Renders a template. Header values (the subject) lose line breaks: no header injection. */
export function renderTemplate(template: NotificationTemplate, data: Record<string, string>, ctx: RenderContext): RenderedMail {
  const def = TEMPLATES[template];
  const values = { ...data, publicUrl: ctx.publicUrl.replace(/\/+$/, '') };
  const lines = def.lines.map((l) => fill(l, values));
  if (ctx.replyAddress) lines.push('', 'To complete the task by e-mail, reply with the decision on the first line and an optional comment below it.', `Decisions: ${data.decisions ?? '(see the task)'}`);
  const text = `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
  const html = `<!doctype html><html><body>${text
    .split('\n')
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')}</body></html>`;
  const subject = fill(def.subject, values).replace(/[\r\n]+/g, ' ').trim().slice(0, 300);
  return { subject, text, html };
}
