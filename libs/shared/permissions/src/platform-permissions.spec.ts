import type { PermissionCheckReply } from '@fleet/contracts-platform';
import type { RpcClient } from '@fleet/shared-nats';
import { PlatformPermissions } from './platform-permissions';

function rpcAnswering(reply: PermissionCheckReply): { rpc: RpcClient; calls: { subject: string; data: unknown; headers?: Record<string, string> }[] } {
  const calls: { subject: string; data: unknown; headers?: Record<string, string> }[] = [];
  const rpc = {
    request: async (subject: string, data: unknown, o?: { headers?: Record<string, string> }) => {
      calls.push({ subject, data, headers: o?.headers });
      return reply;
    },
  } as unknown as RpcClient;
  return { rpc, calls };
}

const question = { authorization: 'Bearer abc', action: 'project.collaborate' as const, resourceType: 'project' as const, resourceId: 'p1' };
const codes = { notFound: 'CATALOG.NOT_FOUND', forbidden: 'CATALOG.FORBIDDEN' };

describe('PlatformPermissions', () => {
  describe('require()', () => {
    it('should ask platform.permission.check with the caller token and pass when allowed', async () => {
      const { rpc, calls } = rpcAnswering({ allowed: true, visible: true, reason: 'collaborator' });

      await new PlatformPermissions(rpc, codes).require(question, 'project p1 not found');

      expect(calls).toStrictEqual([{ subject: 'platform.permission.check', data: { action: 'project.collaborate', resourceType: 'project', resourceId: 'p1' }, headers: { authorization: 'Bearer abc' } }]);
    });

    it('should answer the service NOT_FOUND when the caller may not see the resource', async () => {
      const { rpc } = rpcAnswering({ allowed: false, visible: false, reason: 'no grant' });

      await expect(new PlatformPermissions(rpc, codes).require(question, 'project p1 not found')).rejects.toMatchObject({ code: 'CATALOG.NOT_FOUND', message: 'project p1 not found' });
    });

    it('should answer the service FORBIDDEN when the caller may see but not act', async () => {
      const { rpc } = rpcAnswering({ allowed: false, visible: true, reason: 'read only' });

      await expect(new PlatformPermissions(rpc, codes).require(question, 'x')).rejects.toMatchObject({ code: 'CATALOG.FORBIDDEN' });
    });
  });
});
