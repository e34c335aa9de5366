import { BackendServices, envPrefixOf, FleetServices, streamNameOf } from './service-names';

describe('FleetServices', () => {
  it('should list the ten deployables, gateway first', () => {
    expect(FleetServices).toEqual([
      'gateway',
      'accounts',
      'platform',
      'catalog',
      'deployment',
      'scheduler',
      'connector',
      'work-portal',
      'management-console',
      'smtp',
    ]);
  });
});

describe('BackendServices', () => {
  it('should list the nine services behind the gateway', () => {
    expect(BackendServices).toHaveLength(9);
    expect(BackendServices).not.toContain('gateway');
  });

  it('should keep the order of FleetServices', () => {
    expect(BackendServices).toEqual(FleetServices.slice(1));
  });
});

describe('envPrefixOf()', () => {
  it.each([
    ['platform', 'PLATFORM'],
    ['work-portal', 'WORK_PORTAL'],
    ['management-console', 'MANAGEMENT_CONSOLE'],
    ['a-b-c', 'A_B_C'],
  ])('should turn %s into %s', (service, prefix) => {
    expect(envPrefixOf(service)).toBe(prefix);
  });
});

describe('streamNameOf()', () => {
  describe('when there is no prefix', () => {
    it.each([
      ['platform', 'FLEET_PLATFORM'],
      ['work-portal', 'FLEET_WORK_PORTAL'],
      ['management-console', 'FLEET_MANAGEMENT_CONSOLE'],
    ])('should name the stream of %s %s', (service, stream) => {
      expect(streamNameOf(service)).toBe(stream);
    });

    it('should treat an empty prefix like none', () => {
      expect(streamNameOf('platform', '')).toBe('FLEET_PLATFORM');
    });
  });

  describe('when there is a prefix', () => {
    it('should put a safe prefix in front unchanged', () => {
      expect(streamNameOf('platform', 'ci-42_a')).toBe('ci-42_aFLEET_PLATFORM');
    });

    it.each([
      ['the dot of a subject prefix', 't1.', 't1_FLEET_PLATFORM'],
      ['the wildcards * and >', 'a*b>', 'a_b_FLEET_PLATFORM'],
      ['white space', 'my fleet\t', 'my_fleet_FLEET_PLATFORM'],
      ['path separators', 'a/b\\c', 'a_b_cFLEET_PLATFORM'],
    ])('should replace %s with _', (_what, prefix, stream) => {
      expect(streamNameOf('platform', prefix)).toBe(stream);
    });
  });
});
