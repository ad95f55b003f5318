/**
 * A stand-in Yubico validation service for tests, on 127.0.0.1: it checks
 * request signatures, decrypts tokens with the simulated keys it knows,
 * keeps the last counters per key (shared by every server of one service,
 * as synced servers do) and answers in the validation protocol 2.0, signed.
 * Each server can be told to misbehave: hang, forge, echo another nonce, ...
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readSimulatedToken, type SimulatedKey } from './yubikey-simulator.js';

/** How one server behaves. */
export type ServerBehaviour =
  | 'normal'
  | 'hang'
  | 'http-500'
  | 'redirect'
  | 'wrong-key-signature'
  | 'unsigned'
  | 'wrong-nonce'
  | 'wrong-otp'
  | 'garbage'
  | { readonly status: string };

/** A running stand-in service. */
export interface StandInService {
  /** The servers' verify URLs, in the order of `behaviours`. */
  readonly urls: string[];
  /** Changes how server `index` behaves from now on. */
  behave(index: number, behaviour: ServerBehaviour): void;
  /** Every request received: server index and parameters. */
  readonly requests: { server: number; parameters: Record<string, string> }[];
  close(): Promise<void>;
}

function sign(parameters: Record<string, string>, key: Buffer): string {
  const line = Object.keys(parameters)
    .filter((k) => k !== 'h')
    .sort()
    .map((k) => `${k}=${parameters[k]!}`)
    .join('&');
  return createHmac('sha1', key).update(line).digest('base64');
}

/** Starts `behaviours.length` servers for one client (`clientId`, base64 `apiKey`) that know `keys`. */
export async function startStandInService(options: { clientId: string; apiKey: string; keys: SimulatedKey[]; behaviours: ServerBehaviour[] }): Promise<StandInService> {
  const apiKey = Buffer.from(options.apiKey, 'base64');
  const lastCounters = new Map<string, { usageCounter: number; sessionCounter: number }>();
  const seenRequests = new Set<string>();
  const behaviours = [...options.behaviours];
  const requests: { server: number; parameters: Record<string, string> }[] = [];
  const servers: Server[] = [];
  const hanging = new Set<() => void>();

  function decide(parameters: Record<string, string>, commit: boolean): Record<string, string> {
    const { id, otp, nonce } = parameters;
    if (id === undefined || otp === undefined || nonce === undefined) return { status: 'MISSING_PARAMETER' };
    if (id !== options.clientId) return { status: 'NO_SUCH_CLIENT' };
    if (parameters.h !== sign(parameters, apiKey)) return { status: 'BAD_SIGNATURE' };
    const echo = { otp, nonce };
    if (!/^[A-Za-z0-9]{16,40}$/.test(nonce)) return { ...echo, status: 'MISSING_PARAMETER' };
    if (seenRequests.has(`${otp}/${nonce}`)) return { ...echo, status: 'REPLAYED_REQUEST' };
    if (commit) seenRequests.add(`${otp}/${nonce}`);
    const key = options.keys.find((k) => otp.startsWith(k.publicId));
    const read = key === undefined ? null : readSimulatedToken(key, otp);
    if (key === undefined || read === null) return { ...echo, status: 'BAD_OTP' };
    const counters: Record<string, string> = parameters.timestamp === '1' ? { timestamp: '1234', sessioncounter: String(read.usageCounter), sessionuse: String(read.sessionCounter) } : {};
    const last = lastCounters.get(key.publicId);
    const after = last === undefined || read.usageCounter > last.usageCounter || (read.usageCounter === last.usageCounter && read.sessionCounter > last.sessionCounter);
    if (!after) return { ...echo, ...counters, status: 'REPLAYED_OTP' };
    // Only a well-behaved server remembers what it accepted.
    if (commit) lastCounters.set(key.publicId, read);
    return { ...echo, ...counters, status: 'OK' };
  }

  for (let index = 0; index < behaviours.length; index++) {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const parameters = Object.fromEntries(url.searchParams);
      requests.push({ server: index, parameters });
      const behaviour = behaviours[index]!;
      if (behaviour === 'hang') {
        const release = () => response.destroy();
        hanging.add(release);
        response.on('close', () => hanging.delete(release));
        return;
      }
      if (behaviour === 'redirect') {
        response.writeHead(302, { location: `http://127.0.0.1:9/elsewhere${url.search}` }).end();
        return;
      }
      if (behaviour === 'http-500') {
        response.writeHead(500).end('oops');
        return;
      }
      let answer: Record<string, string> = { t: new Date().toISOString(), ...decide(parameters, behaviour === 'normal') };
      if (typeof behaviour === 'object') answer = { ...answer, status: behaviour.status };
      if (behaviour === 'wrong-nonce') answer = { ...answer, nonce: 'ffffffffffffffffffffffffffffffff' };
      if (behaviour === 'wrong-otp') answer = { ...answer, otp: `${answer.otp ?? ''}x` };
      let body: string;
      if (behaviour === 'garbage') body = '<html>hello</html>';
      else if (behaviour === 'unsigned') body = Object.entries(answer).map(([k, v]) => `${k}=${v}`).join('\r\n');
      else {
        const signingKey = behaviour === 'wrong-key-signature' ? Buffer.alloc(20, 7) : apiKey;
        body = Object.entries({ h: sign(answer, signingKey), ...answer }).map(([k, v]) => `${k}=${v}`).join('\r\n');
      }
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`${body}\r\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }

  return {
    urls: servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/wsapi/2.0/verify`),
    behave(index, behaviour) {
      behaviours[index] = behaviour;
    },
    requests,
    async close() {
      for (const release of hanging) release();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
