import { checkTarget, OutboundRefusedError, type OutboundDecision, type Resolver } from './outbound-guard';

/** A resolver answering fixed addresses per name (what a hostile DNS could answer). */
const dns = (table: Record<string, string[]>): Resolver => async (host) => (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
const strict = { allowHttp: false, allowPrivateNetworks: false };
const open = { allowHttp: true, allowPrivateNetworks: true };

describe('checkTarget()', () => {
  it('should pin the connection to the checked public address and log the decision', async () => {
    const log: OutboundDecision[] = [];
    const t = await checkTarget(new URL('https://api.example.com/x'), strict, dns({ 'api.example.com': ['93.184.216.34'] }), { log: (d) => log.push(d) });

    expect(t).toMatchObject({ address: '93.184.216.34', family: 4, private: false });
    expect(log).toStrictEqual([{ host: 'api.example.com', addresses: ['93.184.216.34'], allowed: true, reason: 'public address', redirect: false }]);
  });

  it('should refuse a name with one private address among public ones (DNS answers are all checked)', async () => {
    const p = checkTarget(new URL('https://mixed.example.com/'), strict, dns({ 'mixed.example.com': ['93.184.216.34', '10.0.0.5'] }));
    await expect(p).rejects.toThrow(new OutboundRefusedError('host mixed.example.com resolves to a non-public address (private); private networks are not allowed in this environment'));
  });

  it('should refuse a redirect from a public address to a private one even when private networks are allowed', async () => {
    const log: OutboundDecision[] = [];
    const p = checkTarget(new URL('http://internal.example.com/'), open, dns({ 'internal.example.com': ['169.254.169.254'] }), { redirectFromPublic: true, log: (d) => log.push(d) });

    await expect(p).rejects.toThrow('redirect from a public address to a non-public one (internal.example.com) is refused');
    expect(log[0]).toMatchObject({ allowed: false, redirect: true });
  });

  it('should allow a redirect between private addresses when the environment allows private networks', async () => {
    await expect(checkTarget(new URL('http://10.0.0.9/'), open, dns({}), { redirectFromPublic: false })).resolves.toMatchObject({ private: true });
  });

  it('should refuse credentials in the URL, unknown schemes and names that do not resolve', async () => {
    await expect(checkTarget(new URL('https://u:p@api.example.com/'), strict, dns({ 'api.example.com': ['93.184.216.34'] }))).rejects.toThrow('credentials in the URL');
    await expect(checkTarget(new URL('gopher://x/'), open, dns({}))).rejects.toThrow('scheme gopher: is not allowed');
    await expect(checkTarget(new URL('https://nowhere.invalid/'), strict, dns({}))).rejects.toThrow('does not resolve');
  });
});
