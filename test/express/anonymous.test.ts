/**
 * No stored session for anonymous visitors on Express (express-session with
 * `saveUninitialized: false`): see `test/flows/anonymous-http.ts`.
 */
import { describe } from 'node:test';
import { anonymousTests } from '../flows/anonymous-http.js';
import { addTotp, startHost, user } from './support.js';

const alice = user('alice');

describe('anonymous visitors on Express', () => {
  anonymousTests(async () => {
    const host = await startHost();
    await addTotp(host.twofold, alice.id, 'Alice phone', 1);
    return {
      url: host.url,
      sessionCookie: 'connect.sid',
      storedSessions: () => new Promise<number>((resolve, reject) => host.sessions.length((error, length) => (error ? reject(error as Error) : resolve(length ?? 0)))),
      username: alice.username,
      password: alice.password,
      close: () => host.close(),
    };
  });
});
