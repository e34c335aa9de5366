import { describeServiceContract } from '@fleet/shared-testing';
import { validatePayload } from '@fleet/shared-validation';
import * as contract from './index';

describeServiceContract('smtp', contract, {
  subjects: {
    healthCheck: 'smtp.health.check',
    notificationSend: 'smtp.notification.send',
    relayGet: 'smtp.relay.get',
    relaySet: 'smtp.relay.set',
    deliveryList: 'smtp.delivery.list',
    triggerList: 'smtp.trigger.list',
    triggerCreate: 'smtp.trigger.create',
    triggerUpdate: 'smtp.trigger.update',
    triggerDelete: 'smtp.trigger.delete',
  },
  events: {},
  errorCodes: { VALIDATION: 'SMTP.VALIDATION', NOT_FOUND: 'SMTP.NOT_FOUND', FORBIDDEN: 'SMTP.FORBIDDEN', INTERNAL: 'SMTP.INTERNAL' },
});

const ENV = '5d0c4a9e-2f4b-4c1a-9a53-0e4a7f1b2c3d';

describe('smtp DTOs', () => {
  it('should accept a trigger with one condition and refuse one without conditions, naming the field', () => {
    const ok = { environmentId: ENV, name: 'Orders', processId: 'order', senderDomains: ['example.com'], conditions: [{ field: 'subject', operator: 'contains', value: 'order' }], match: 'all' };
    expect(validatePayload(contract.CreateMailTriggerRequest, ok, 'SMTP')).toMatchObject({ name: 'Orders' });
    expect(() => validatePayload(contract.CreateMailTriggerRequest, { ...ok, conditions: [] }, 'SMTP')).toThrow(/conditions/);
    expect(() => validatePayload(contract.CreateMailTriggerRequest, { ...ok, conditions: [{ field: 'cc', operator: 'contains', value: 'x' }] }, 'SMTP')).toThrow(/field/);
  });

  it('should refuse a relay with a bad port or host', () => {
    const ok = { environmentId: ENV, enabled: true, host: 'smtp.example.com', port: 587, security: 'starttls', fromAddress: 'noreply@example.com' };
    expect(validatePayload(contract.SetMailRelayRequest, ok, 'SMTP')).toMatchObject({ port: 587 });
    expect(() => validatePayload(contract.SetMailRelayRequest, { ...ok, port: 70000 }, 'SMTP')).toThrow(/port/);
    expect(() => validatePayload(contract.SetMailRelayRequest, { ...ok, host: 'a b' }, 'SMTP')).toThrow(/host/);
  });

  it('should refuse an unknown template', () => {
    const ok = { companyId: ENV, environmentId: ENV, template: 'alarm', recipient: 'a@example.com', data: {}, idempotencyKey: 'k1' };
    expect(validatePayload(contract.SendNotificationRequest, ok, 'SMTP')).toMatchObject({ template: 'alarm' });
    expect(() => validatePayload(contract.SendNotificationRequest, { ...ok, template: 'spam' }, 'SMTP')).toThrow(/template/);
  });
});
