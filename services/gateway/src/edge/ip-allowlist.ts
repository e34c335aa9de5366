/** IPv4 addresses and CIDR ranges (`10.0.0.0/8`, `192.0.2.7`); IPv4-mapped IPv6 (`::ffff:10.1.2.3`) counts as IPv4. */
export interface Cidr {
  base: number;
  mask: number;
  text: string;
}

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function parseCidr(text: string): Cidr {
  const [ip, bitsText] = text.trim().split('/');
  const base = ipv4ToInt(ip);
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (base === undefined || !(bits >= 0 && bits <= 32)) throw new Error(`not an IPv4 address or CIDR range: ${text}`);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (base & mask) >>> 0, mask, text: text.trim() };
}

export function clientIpv4(address: string | undefined): number | undefined {
  if (!address) return undefined;
  return ipv4ToInt(address.startsWith('::ffff:') ? address.slice(7) : address);
}

export function allowed(address: string | undefined, list: readonly Cidr[]): boolean {
  const ip = clientIpv4(address);
  if (ip === undefined) return false;
  return list.some((c) => ((ip & c.mask) >>> 0) === c.base);
}

/** `GATEWAY_ENV_ALLOWLISTS`: `{ "<environmentId>": ["10.0.0.0/8", "192.0.2.7"] }`. */
export function parseAllowlists(json: string): Map<string, Cidr[]> {
  const out = new Map<string, Cidr[]>();
  if (!json.trim()) return out;
  const parsed = JSON.parse(json) as Record<string, unknown>;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object of environment id → list of addresses');
  for (const [env, list] of Object.entries(parsed)) {
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) throw new Error(`environment ${env}: must be a list of IPv4 addresses or CIDR ranges`);
    out.set(env.toLowerCase(), (list as string[]).map(parseCidr));
  }
  return out;
}
