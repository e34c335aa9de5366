/** What replaces a secret in anything recorded. */
export const REDACTED = '***';

/**
 * Collects the secret values one invocation uses (resolved parameters, tokens, the Basic
 * credentials) and replaces them, and their base64 and percent-encoded forms, in recorded text.
 */
export class Redactor {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (!value || value.length < 3) return;
    this.values.add(value);
    this.values.add(Buffer.from(value).toString('base64'));
    this.values.add(encodeURIComponent(value));
    this.values.add(JSON.stringify(value).slice(1, -1));
  }

  redact(text: string): string {
    let out = text;
    // longest first, so a value that contains another is replaced whole
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      if (v.length >= 3) out = out.split(v).join(REDACTED);
    }
    return out;
  }
}

/** Header names whose values are credentials whatever they hold. */
export const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key']);

/** At most `max` characters, marked when cut. */
export function truncate(text: string, max = 4096): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more characters]`;
}
