import { CompleteTaskByMailRequest, StartCaseRequest, WorkPortalSubjects } from '@fleet/contracts-work-portal';
import { validatePayload } from '@fleet/shared-validation';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';

/** A task as the stand-in work-portal knows it. */
export interface FakeTask {
  taskId: string;
  caseId: string;
  token: string;
  assignee: string;
  decisions: string[];
}

/**
 * A stand-in work-portal answering the two subjects smtp calls, pinned to their contract: every
 * request is validated with the contract's DTO, must come from `svc:smtp`, and the task completion
 * re-checks the assignee (as the contract requires of work-portal).
 */
export class WorkPortalResponder {
  readonly completed: CompleteTaskByMailRequest[] = [];
  readonly started: StartCaseRequest[] = [];
  readonly tasks = new Map<string, FakeTask>();
  private subs: Subscription[] = [];

  serve(nc: NatsConnection, prefix: string): void {
    const answer = <T extends object>(subject: string, dto: new () => T, handle: (req: T) => unknown) => {
      this.subs.push(
        nc.subscribe(`${prefix}.${subject}`, {
          queue: 'work-portal',
          callback: (_e, msg) => {
            const packet = msg.json<{ id: string; data: unknown }>();
            const respond = (body: object): void => void msg.respond(JSON.stringify({ id: packet.id, isDisposed: true, ...body }));
            try {
              const token = /^Bearer (.+)$/.exec(msg.headers?.get('authorization') ?? '')?.[1] ?? '';
              const sub = token ? (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub?: string }).sub : undefined;
              if (sub !== 'svc:smtp') return respond({ err: { code: 'WORK_PORTAL.UNAUTHORIZED', message: 'internal subject' } });
              respond({ response: handle(validatePayload(dto, packet.data, 'WORK_PORTAL')) });
            } catch (err) {
              const e = err as { code?: string; message: string };
              respond({ err: { code: e.code ?? 'WORK_PORTAL.INTERNAL', message: e.message } });
            }
          },
        }),
      );
    };
    answer(WorkPortalSubjects.taskCompleteByMail, CompleteTaskByMailRequest, (req) => {
      const task = [...this.tasks.values()].find((t) => t.token === req.token);
      if (!task || task.assignee !== req.sender) throw Object.assign(new Error('no such task for this sender'), { code: 'WORK_PORTAL.NOT_FOUND' });
      if (!task.decisions.includes(req.decision)) throw Object.assign(new Error(`decision must be one of ${task.decisions.join(', ')}`), { code: 'WORK_PORTAL.VALIDATION' });
      const again = this.completed.some((c) => c.messageId === req.messageId);
      if (!again) this.completed.push(req);
      return { taskId: task.taskId, caseId: task.caseId, completed: !again };
    });
    answer(WorkPortalSubjects.caseStart, StartCaseRequest, (req) => {
      const again = this.started.find((s) => s.idempotencyKey === req.idempotencyKey);
      if (!again) this.started.push(req);
      return { caseId: `case-${req.idempotencyKey.length}-${randomUUID().slice(0, 4)}`, created: !again };
    });
  }

  stop(): void {
    for (const s of this.subs) s.unsubscribe();
    this.subs = [];
  }
}
