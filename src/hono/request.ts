/**
 * What twofold's Hono pages and admin share: the environment they need
 * (`c.get('otp')`), the web-standard request of a context, and the client's
 * address under `@hono/node-server`.
 */
import type { Context, Env } from 'hono';
import type { OtpRequestContext } from '../web/verification.js';

/** The Hono environment twofold needs: `c.get('otp')`. Intersect it with your own. */
export interface TwofoldHonoEnv extends Env {
  Variables: { otp: OtpRequestContext };
}

/**
 * The request for twofold's handlers. A middleware of the host that read the
 * body through Hono (`c.req.parseBody()`, `c.req.text()`, ...) leaves it in
 * Hono's cache: twofold gets the same bytes again, so its forms and the
 * Twilio call webhook (whose signature covers every posted parameter) work
 * behind such a middleware too. A form only kept as `FormData` comes back
 * URL-encoded, the way it was posted.
 */
export async function requestOf<E extends Env>(c: Context<E>): Promise<Request> {
  const raw = c.req.raw;
  const cached = Object.keys(c.req.bodyCache);
  if (!raw.bodyUsed || cached.length === 0) return raw;
  const headers = new Headers(raw.headers);
  headers.delete('content-length');
  let body: string | ArrayBuffer;
  if (cached.length === 1 && cached[0] === 'formData') {
    const params = new URLSearchParams();
    for (const [name, value] of await c.req.formData()) if (typeof value === 'string') params.append(name, value);
    body = params.toString();
  } else {
    body = await c.req.arrayBuffer();
  }
  return new Request(raw.url, { method: raw.method, headers, body });
}

/** The peer address `@hono/node-server` exposes through `c.env.incoming`, or null under other runtimes. */
export function nodeSocketAddress<E extends Env>(c: Context<E>): string | null {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null) return null;
  const incoming: unknown = (env as { incoming?: unknown }).incoming;
  if (typeof incoming !== 'object' || incoming === null) return null;
  const socket: unknown = (incoming as { socket?: unknown }).socket;
  if (typeof socket !== 'object' || socket === null) return null;
  const address: unknown = (socket as { remoteAddress?: unknown }).remoteAddress;
  return typeof address === 'string' && address !== '' ? address : null;
}
