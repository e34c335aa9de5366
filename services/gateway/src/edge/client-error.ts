import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { WafBlockLog } from '../waf/block-log';

/** Rule id for requests Node's HTTP parser refuses (bad request line, CL+TE, bad chunking, header overflow …). */
export const PARSER_REFUSAL_RULE = 920000;

interface ClientErrorSink {
  blockLog?: WafBlockLog;
  warn?: (obj: object, msg: string) => void;
}

/** Shared between the adapter options (set before the app exists) and the edge (which fills it in). */
export const clientErrorSink: ClientErrorSink = {};

/**
 * Fastify's `clientErrorHandler`: a request the HTTP parser refused never reaches a route, so the
 * WAF answers it here, as a block: 400 (431 for oversized headers) with `x-waf-block`, then closes.
 */
export function wafClientErrorHandler(err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { timeout, status, reason } = statusOf(err.code);
  const requestId = randomUUID();
  if (!timeout) recordRefusal(err, socket, requestId);
  const body = JSON.stringify({ code: timeout ? 'GATEWAY.TIMEOUT' : 'GATEWAY.WAF_BLOCKED', message: `malformed HTTP request (${err.code ?? 'parse error'})`, requestId, rules: timeout ? [] : [PARSER_REFUSAL_RULE] });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `${timeout ? '' : `x-waf-block: ${PARSER_REFUSAL_RULE}\r\n`}x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function statusOf(code: string | undefined): { timeout: boolean; status: number; reason: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { timeout: true, status: 408, reason: 'Request Timeout' };
  if (code === 'HPE_HEADER_OVERFLOW') return { timeout: false, status: 431, reason: 'Request Header Fields Too Large' };
  return { timeout: false, status: 400, reason: 'Bad Request' };
}

function recordRefusal(err: NodeJS.ErrnoException, socket: Socket, requestId: string): void {
  const record = {
      at: new Date().toISOString(),
      requestId,
      client: socket.remoteAddress ?? '',
      method: '',
      path: '',
      mode: 'prevention' as const,
      blocked: true,
      score: 5,
      ruleIds: [PARSER_REFUSAL_RULE],
      hits: [{ id: PARSER_REFUSAL_RULE, group: 'protocol', score: 5, target: 'request', msg: `HTTP parser refused the request: ${err.code ?? err.message}` }],
    };
    clientErrorSink.blockLog?.add(record);
  clientErrorSink.warn?.({ event: 'waf.block', ...record }, 'request refused by the HTTP parser');
}
