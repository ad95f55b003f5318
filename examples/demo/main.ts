/**
 * `npm start`: the demo site on http://127.0.0.1:3000 (port from `PORT`),
 * with its data under `.twofold/`. Prints the URL, the demo users and, when
 * the staff user has no device yet, one-time backup codes to get into the
 * admin, and how to try codes by text message and e-mail on the outbox page.
 * Stop it with Ctrl+C.
 */
import { relative } from 'node:path';
import { ADMIN_USERNAME, createDemoApp } from './app.js';
import { demoEmailAddress } from './users.js';

const DATA_DIR = '.twofold';
/** A number from the US range kept for fiction; the demo reads numbers without + as US numbers. */
const EXAMPLE_NUMBER = '201-555-0123';

function parsePort(text: string | undefined): number {
  if (text === undefined || text === '') return 3000;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number (0-65535), got ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return port;
}

const demo = await createDemoApp({ dataDir: DATA_DIR, port: parsePort(process.env.PORT) });
let url: string;
try {
  url = await demo.listen();
} catch (error) {
  const code = (error as { code?: unknown }).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${process.env.PORT ?? '3000'} is in use: stop the other program, or run PORT=3001 npm start`
      : `Cannot start the demo: ${error instanceof Error ? error.message : String(error)}`,
  );
  await demo.close();
  process.exit(1);
}

const database = relative(process.cwd(), demo.databaseFile);
const width = Math.max(...demo.seedUsers.map((user) => user.username.length));
const passwordWidth = Math.max(...demo.seedUsers.map((user) => user.password.length));
const lines = [
  '',
  `twofold demo: open ${url}`,
  `Security keys and passkeys work at ${url.replace('127.0.0.1', 'localhost')} (browsers allow them on http for localhost only).`,
  '',
  'Users (demo passwords, public on purpose: the demo listens on 127.0.0.1 only):',
  ...demo.seedUsers.map(
    (user) =>
      `  ${user.username.padEnd(width)}  ${user.password.padEnd(passwordWidth)}  ${demoEmailAddress(user.username)}${
        user.isStaff ? '   staff: may open the admin at /admin/' : ''
      }`,
  ),
  '',
];
if (demo.adminBackupCodes.length > 0) {
  lines.push(
    `The admin area needs a session verified by a second factor, and ${ADMIN_USERNAME} has no device yet.`,
    `One-time backup codes for ${ADMIN_USERNAME} (shown only now; each works once; after the password, the sign-in asks for one):`,
    ...demo.adminBackupCodes.map((code) => `  ${code}`),
    '',
  );
} else {
  lines.push(
    `Signing in as ${ADMIN_USERNAME} needs a code from ${ADMIN_USERNAME}'s device or backup codes (printed at the first start).`,
    `Lost them? Stop the demo (Ctrl+C) and get a new one-time code with:`,
    `  DATABASE_URL=sqlite:${database}${
      demo.secretSource === 'environment' ? '' : ` TWOFOLD_SECRETS=$(cat ${DATA_DIR}/secret)`
    } npm run twofold -- addstatictoken ${ADMIN_USERNAME}`,
    `(or delete the ${DATA_DIR}/ folder to start afresh).`,
    '',
  );
}
lines.push(
  'Try it: sign in as admin (password and backup code), open Admin, add an',
  'authenticator for alice, scan the QR code and confirm it with a code; then',
  'sign out, sign in as alice with a code from the app, and open the protected page.',
  'Or sign in as bob and set up two-factor authentication yourself from the home page.',
  '',
);
if (demo.developmentGateway !== null) {
  lines.push(
    'Codes by text message, voice call and e-mail are never really sent: they wait on the outbox page,',
    `${url}/outbox (no sign-in needed), and are written below. Try them: sign in as bob, choose`,
    `"Set up two-factor authentication", then "Text message" with the number ${EXAMPLE_NUMBER} (or "E-mail");`,
    'read the code on the outbox page; sign out and in again, and read the next code there.',
    '',
  );
} else {
  lines.push('NODE_ENV=production: no codes by text message or e-mail, and no outbox (the development gateway never runs in production).', '');
}
lines.push(
  `Data: ${database} (users, sessions, devices); encryption key: ${
    demo.secretSource === 'environment' ? 'TWOFOLD_SECRETS' : `${DATA_DIR}/secret`
  }. Press Ctrl+C to stop.`,
);
console.log(lines.join('\n'));

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  demo.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
