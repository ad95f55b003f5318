/**
 * Local servers that speak the real protocols, for the gateway tests: an HTTP
 * server on 127.0.0.1 standing in for Twilio's REST API (the official SDK is
 * pointed at it through its documented custom `httpClient`), and an SMTP
 * server (smtp-server) whose messages are parsed with mailparser. Nothing
 * leaves the loopback interface.
 */
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

/** One request the Twilio stand-in received. */
export interface TwilioApiRequest {
  readonly method: string;
  /** Path and query, e.g. `/2010-04-01/Accounts/AC.../Messages.json`. */
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  /** The form parameters, in the order sent. */
  readonly form: [string, string][];
}

/** What the stand-in answers: status and JSON body. */
export interface TwilioApiAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A running Twilio stand-in. */
export interface TwilioStandIn {
  readonly requests: TwilioApiRequest[];
  /** An SDK `httpClient` that sends every API request to this server instead of api.twilio.com. */
  readonly httpClient: twilio.RequestClient;
  /** Changes what the next requests get. */
  answerWith(answer: (request: TwilioApiRequest) => TwilioApiAnswer): void;
  close(): Promise<void>;
}

/** Twilio's answer to a created message or call (the fields the SDK reads). */
export function createdResource(request: TwilioApiRequest): TwilioApiAnswer {
  const kind = request.path.endsWith('/Calls.json') ? 'CA' : 'SM';
  return { status: 201, body: { sid: `${kind}${'0'.repeat(32)}`, status: 'queued', account_sid: request.path.split('/')[3] } };
}

/** Starts the stand-in on 127.0.0.1 with a free port. */
export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const requests: TwilioApiRequest[] = [];
  let answer: (request: TwilioApiRequest) => TwilioApiAnswer = createdResource;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: TwilioApiRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form: [...new URLSearchParams(Buffer.concat(chunks).toString('utf8'))],
      };
      requests.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  // The SDK's documented extension point: a RequestClient of our own. It keeps
  // everything the SDK does (auth, form encoding, headers) and only swaps the host.
  class LoopbackRequestClient extends twilio.RequestClient {
    override request<T>(options: RequestClient.RequestOptions<T>) {
      const original = new URL(options.uri);
      return super.request<T>({ ...options, uri: `http://127.0.0.1:${port}${original.pathname}${original.search}` });
    }
  }

  return {
    requests,
    httpClient: new LoopbackRequestClient(),
    answerWith(next) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/**
 * Twilio's request signature, computed here from its documented definition
 * (base64 HMAC-SHA1 under the auth token of the URL followed by each POST
 * parameter name and value, sorted by name), independently of the SDK.
 */
export function twilioSignature(authToken: string, url: string, params: Readonly<Record<string, string>>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name]!, url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** A signed POST as Twilio sends it when a call is answered. */
export function twilioCallbackRequest(url: string, params: Readonly<Record<string, string>>, signature: string | null): Request {
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
  if (signature !== null) headers.set('x-twilio-signature', signature);
  return new Request(url, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

/** One message the SMTP server accepted, parsed. */
export interface ReceivedMail {
  /** Envelope sender and recipients. */
  readonly envelopeFrom: string;
  readonly envelopeTo: string[];
  readonly parsed: ParsedMail;
}

/** A running SMTP server. */
export interface SmtpStandIn {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Resolves with the next message received. */
  nextMail(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * Starts an SMTP server on 127.0.0.1 (no TLS, no authentication: loopback
 * only). Recipients whose address starts with `refused` are rejected with 550.
 */
export async function startSmtpServer(): Promise<SmtpStandIn> {
  const received: ReceivedMail[] = [];
  const waiting: ((mail: ReceivedMail) => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('refused')) {
        callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            envelopeFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
            parsed,
          };
          received.push(mail);
          waiting.shift()?.(mail);
          callback();
        })
        .catch((error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    nextMail: () => new Promise<ReceivedMail>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
