/**
 * The trusted-attestation policy with real certificate chains: a test CA
 * (made here with @peculiar/x509) issues an attestation certificate, the
 * software authenticator signs a "packed" attestation with it, and only a
 * chain ending at a configured root (and a listed AAGUID, when listed) is
 * accepted.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { harness, key, SESSION_A } from './support.js';

const AAGUID = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

interface Vendor {
  readonly rootPem: string;
  readonly chain: Uint8Array[];
  readonly privateKey: KeyObject;
}

/** A root CA and an attestation certificate it issued, as an authenticator vendor has them. */
async function vendor(name: string): Promise<Vendor> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const rootKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const now = Date.now();
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${name} Root CA, O=${name}, C=SE`,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
    keys: rootKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const leafKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${name} Key Attestation, OU=Authenticator Attestation, O=${name}, C=SE`,
    issuer: root.subject,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
    publicKey: leafKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
  });
  return {
    rootPem: root.toString('pem'),
    chain: [new Uint8Array(leaf.rawData)],
    privateKey: KeyObject.from(leafKeys.privateKey),
  };
}

async function registerWith(policy: { rootCertificates: string[]; aaguids?: string[] }, attestation: Vendor, aaguid = AAGUID): Promise<string> {
  const h = harness({ attestation: { trusted: policy } });
  const options = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
  const authenticator = key({ aaguid, attestation: { chain: attestation.chain, privateKey: attestation.privateKey } });
  const result = await h.ceremonies.finishRegistration({ userId: 'alice', binding: SESSION_A, response: authenticator.register(options) });
  if (result.ok) {
    assert.equal(result.device.state.attestationFormat, 'packed');
    assert.equal(result.device.state.aaguid, aaguid);
    return 'ok';
  }
  return `${result.reason}/${result.check ?? ''}: ${result.detail ?? ''}`;
}

describe('webauthn trusted attestation', () => {
  let trusted: Vendor;
  let stranger: Vendor;
  before(async () => {
    trusted = await vendor('Trusted Keys');
    stranger = await vendor('Unknown Keys');
  });

  it('accepts a chain ending at a configured root', async () => {
    assert.equal(await registerWith({ rootCertificates: [trusted.rootPem] }, trusted), 'ok');
  });

  it('refuses a chain ending at another root', async () => {
    assert.match(await registerWith({ rootCertificates: [trusted.rootPem] }, stranger), /^rejected\/attestation: certificate chain not trusted/);
  });

  it('refuses a model whose AAGUID is not listed, even with a trusted chain', async () => {
    assert.equal(await registerWith({ rootCertificates: [trusted.rootPem], aaguids: [AAGUID] }, trusted), 'ok');
    assert.equal(await registerWith({ rootCertificates: [trusted.rootPem], aaguids: [AAGUID] }, trusted, '00000000-0000-0000-0000-00000000abcd'), 'rejected/attestation: authenticator model 00000000-0000-0000-0000-00000000abcd is not allowed');
  });

  it('records the packed attestation under the default policy too, without judging it', async () => {
    const h = harness();
    const options = await h.ceremonies.startRegistration({ userId: 'alice', userName: 'alice', binding: SESSION_A });
    const result = await h.ceremonies.finishRegistration({
      userId: 'alice',
      binding: SESSION_A,
      response: key({ attestation: { chain: stranger.chain, privateKey: stranger.privateKey } }).register(options),
    });
    assert.ok(result.ok);
    assert.equal(result.device.state.attestationFormat, 'packed');
  });
});
