/**
 * `npm start`: a guided tour of twofold's core in the terminal, on an embedded
 * SQLite database under `.twofold/`. It enrols a TOTP authenticator for a
 * user, shows the QR code, confirms it with a code from your app (or one it
 * computes itself when there is no terminal to type in), shows replay
 * protection and throttling, and issues backup codes.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { createTwofold, generateSecret, qrCodeTerminal, type VerifyResult } from '../../src/index.js';
import { totp } from '../../src/devices/totp/index.js';
import { backupCodes, issueBackupCodes } from '../../src/devices/backup-codes/index.js';
import { openSqliteStore } from '../../src/store/kysely/index.js';
import { generateTOTP, parseOtpauthURI } from '../../src/oath/index.js';

const DATA_DIR = '.twofold';
const user = process.argv[2] ?? 'alice';
const interactive = process.stdin.isTTY;

/** A local secret for this demo, created once with owner-only permissions. */
function localSecret(): string {
  const path = join(DATA_DIR, 'walkthrough-secret');
  if (!existsSync(path)) writeFileSync(path, generateSecret(), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

function describe(result: VerifyResult): string {
  if (result.ok) return `accepted (device "${result.device.name}", last used ${result.device.lastUsedAt?.toISOString() ?? 'never'})`;
  const when = result.lockedUntil === null ? '' : `; next attempt allowed at ${result.lockedUntil.toISOString()}`;
  return `refused: ${result.reason} (${result.failureCount} failed attempt${result.failureCount === 1 ? '' : 's'}${when})`;
}

/** Sleeps until the device's back-off (if any) is over. */
async function waitUntilUnlocked(persistentId: string): Promise<void> {
  const current = await twofold.getDevice(user, persistentId);
  const wait = current?.lockedUntil ? current.lockedUntil.getTime() - Date.now() : 0;
  if (wait > 0) {
    console.log(`(waiting ${(wait / 1000).toFixed(1)} s for the back-off of the previous failure)`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

function step(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 70 - title.length))}`);
}

mkdirSync(DATA_DIR, { recursive: true });
const { store } = await openSqliteStore({ filename: join(DATA_DIR, 'walkthrough.sqlite') });
const twofold = createTwofold({
  store,
  kinds: [totp(), backupCodes()],
  secrets: [localSecret()],
  issuer: 'twofold demo',
});
const prompt = interactive ? createInterface({ input: process.stdin, output: process.stdout }) : null;

try {
  console.log(`twofold walkthrough for user "${user}" (database: ${join(DATA_DIR, 'walkthrough.sqlite')})`);
  const removed = await twofold.deleteUserDevices(user);
  if (removed > 0) console.log(`(removed ${removed} device(s) left from an earlier run)`);

  step('1. Enrol an authenticator app');
  const device = await twofold.createDevice({ userId: user, kind: 'totp', name: 'Authenticator app', confirmed: false });
  const uri = await twofold.configUrl(device, { accountName: `${user}@example.com` });
  console.log('Scan this QR code with Google Authenticator, Authy, 1Password, ...:\n');
  console.log(await qrCodeTerminal(uri));
  const key = parseOtpauthURI(uri).key;
  const base32 = uri.match(/secret=([A-Z2-7]+)/)?.[1] ?? '';
  console.log(`Or type the key by hand: ${base32.replace(/(.{4})/g, '$1 ').trim()}`);
  console.log(`(the otpauth:// link: ${uri})`);
  console.log(`\nThe device is stored unconfirmed as ${device.persistentId}; its key is encrypted at rest (AES-256-GCM).`);

  step('2. Confirm it with a code from the app');
  let confirmed: VerifyResult | null = null;
  for (let tries = 0; tries < 5 && confirmed?.ok !== true; tries++) {
    let code: string;
    if (prompt !== null) {
      code = await prompt.question('Code shown by your app (or press Enter to let the walkthrough compute it): ');
      if (code.trim() === '') code = generateTOTP(key, { time: Date.now() / 1000 });
    } else {
      code = generateTOTP(key, { time: Date.now() / 1000 });
      console.log(`No terminal to type in: using the current code, ${code}.`);
    }
    const result = await twofold.verifyToken(user, device.persistentId, code, { confirm: true });
    confirmed = result;
    console.log(describe(result));
    if (!result.ok) await waitUntilUnlocked(device.persistentId);
  }
  if (confirmed?.ok !== true) throw new Error('the device could not be confirmed; run npm start again');

  step('3. A code works once');
  const used = generateTOTP(key, { time: Date.now() / 1000 });
  console.log(`Submitting the current code ${used} again: ${describe(await twofold.verifyToken(user, device.persistentId, used))}`);

  step('4. Wrong codes are throttled');
  await waitUntilUnlocked(device.persistentId);
  console.log(`A wrong code: ${describe(await twofold.verifyToken(user, device.persistentId, '000000'))}`);
  console.log(`At once, even the right code: ${describe(await twofold.verifyToken(user, device.persistentId, used))}`);

  step('5. Backup codes');
  const { codes } = await issueBackupCodes(twofold, user);
  console.log('Ten single-use codes, stored only as scrypt hashes. Keep them somewhere safe:\n');
  for (let i = 0; i < codes.length; i += 2) console.log(`    ${codes[i]}    ${codes[i + 1] ?? ''}`);
  const [first] = codes;
  if (first !== undefined) {
    const backupDevice = (await twofold.listDevices(user, { kind: 'backup-codes' }))[0]!;
    console.log(`\nUsing ${first}: ${describe(await twofold.verifyToken(user, backupDevice.persistentId, first))}`);
    console.log(`Using ${first} again: ${describe(await twofold.verifyToken(user, backupDevice.persistentId, first))}`);
  }

  step(`Devices of ${user}`);
  for (const d of await twofold.listDevices(user)) {
    console.log(`  ${d.persistentId}  ${d.kind}  "${d.name}"  ${d.confirmed ? 'confirmed' : 'unconfirmed'}`);
  }
  console.log('\nSee them any time with: npm run twofold -- devices', user, '(DATABASE_URL=sqlite:.twofold/walkthrough.sqlite)');
} finally {
  prompt?.close();
  await twofold.close();
}
