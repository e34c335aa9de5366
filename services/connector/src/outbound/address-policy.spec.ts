import { embeddedIPv4, nonPublicReason } from './address-policy';

describe('nonPublicReason()', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique local (private)'],
    ['fe80::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['224.0.0.1', 'multicast'],
  ])('should refuse %s as %s', (address, reason) => {
    expect(nonPublicReason(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('should accept public %s', (address) => {
    expect(nonPublicReason(address)).toBeUndefined();
  });

  it('should not take a host name for an address', () => {
    expect(nonPublicReason('localhost')).toBe('not an IP address');
  });

  it('should decode mapped IPv4 in hex form', () => {
    expect(embeddedIPv4('::ffff:c0a8:0101')).toBe('192.168.1.1');
  });
});
