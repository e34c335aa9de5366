/**
 * A declarative, validated description of a service's environment. Each variable names itself,
 * says what it expects, and parses; a bad or missing value produces one line that names the
 * variable and what is expected, and the service refuses to boot.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly got: string | undefined,
  ) {
    super(`${variable} must be ${expected}${got === undefined ? ' (it is not set)' : ` (got ${JSON.stringify(redact(variable, got))})`}`);
  }
}

function redact(variable: string, value: string): string {
  if (/PASSWORD|SECRET|TOKEN|KEY/i.test(variable)) return '***';
  // hide a password inside a URL
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

export interface VarSpec<T> {
  /** What a valid value looks like, in words ("a port number between 1 and 65535"). */
  expected: string;
  /** Returns the parsed value, or undefined when the raw value is invalid. */
  parse: (raw: string) => T | undefined;
  /** Used when the variable is unset or empty; omit to make the variable required. */
  default?: T | (() => T);
  /** One line for `.env.example` and the docs. */
  doc: string;
}

export type EnvSpec = Record<string, VarSpec<unknown>>;
export type EnvValues<S extends EnvSpec> = { [K in keyof S]: S[K] extends VarSpec<infer T> ? T : never };

/** Parses `env` against `spec`; throws {@link ConfigError} on the first invalid variable. */
export function readEnv<S extends EnvSpec>(spec: S, env: NodeJS.ProcessEnv): EnvValues<S> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(spec)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (!('default' in v)) throw new ConfigError(name, v.expected, undefined);
      out[name] = typeof v.default === 'function' ? (v.default as () => unknown)() : v.default;
      continue;
    }
    const parsed = v.parse(raw.trim());
    if (parsed === undefined) throw new ConfigError(name, v.expected, raw);
    out[name] = parsed;
  }
  return out as EnvValues<S>;
}

/** Ready-made parsers. */
export const vars = {
  port: (doc: string, def?: number): VarSpec<number> => ({
    expected: 'a port number between 0 and 65535 (0: any free port)',
    doc,
    ...(def === undefined ? {} : { default: def }),
    parse: (raw) => {
      const n = Number(raw);
      return /^\d+$/.test(raw) && n >= 0 && n <= 65535 ? n : undefined;
    },
  }),
  int: (doc: string, def: number, min: number, max: number): VarSpec<number> => ({
    expected: `an integer between ${min} and ${max}`,
    doc,
    default: def,
    parse: (raw) => {
      const n = Number(raw);
      return /^-?\d+$/.test(raw) && n >= min && n <= max ? n : undefined;
    },
  }),
  host: (doc: string, def: string): VarSpec<string> => ({
    expected: 'a host name or IP address',
    doc,
    default: def,
    parse: (raw) => (/^[A-Za-z0-9.:_-]+$/.test(raw) ? raw : undefined),
  }),
  oneOf: <T extends string>(doc: string, values: readonly T[], def: T): VarSpec<T> => ({
    expected: `one of ${values.join(', ')}`,
    doc,
    default: def,
    parse: (raw) => (values.includes(raw as T) ? (raw as T) : undefined),
  }),
  bool: (doc: string, def: boolean): VarSpec<boolean> => ({
    expected: 'true or false',
    doc,
    default: def,
    parse: (raw) => (['true', '1', 'yes'].includes(raw.toLowerCase()) ? true : ['false', '0', 'no'].includes(raw.toLowerCase()) ? false : undefined),
  }),
  string: (doc: string, def?: string, pattern?: RegExp, expected = 'a non-empty string'): VarSpec<string> => ({
    expected,
    doc,
    ...(def === undefined ? {} : { default: def }),
    parse: (raw) => (pattern && !pattern.test(raw) ? undefined : raw),
  }),
  natsUrls: (doc: string, def: string): VarSpec<string[]> => ({
    expected: 'a comma-separated list of nats:// (or tls://) URLs',
    doc,
    default: [def],
    parse: (raw) => {
      const urls = raw.split(',').map((s) => s.trim()).filter(Boolean);
      return urls.length > 0 && urls.every((u) => /^(nats|tls|ws|wss):\/\/[^\s]+$/.test(u)) ? urls : undefined;
    },
  }),
};
