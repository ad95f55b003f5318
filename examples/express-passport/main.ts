/**
 * Runs the example of docs/guide-express-passport.md on http://127.0.0.1:3001:
 *
 *     npx tsx examples/express-passport/main.ts
 *
 * Sign in as alice / "correct horse battery staple", then set up an
 * authenticator app from the "Two-factor authentication" link.
 */
import { randomBytes } from 'node:crypto';
import { createApp } from './app.js';

const secrets = (process.env.TWOFOLD_SECRETS ?? '').split(',').filter((secret) => secret !== '');
if (secrets.length === 0) {
  console.warn('TWOFOLD_SECRETS is not set: using a random key, so devices set up now stop working after a restart (create one with `npx twofold genkey`).');
  secrets.push(randomBytes(32).toString('base64url'));
}
const { app } = await createApp({
  databaseFile: process.env.TWOFOLD_DATABASE ?? 'example-twofold.sqlite',
  secrets,
  sessionSecret: process.env.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
});
app.listen(3001, '127.0.0.1', () => {
  console.log('Example app on http://127.0.0.1:3001 (alice / correct horse battery staple)');
});
