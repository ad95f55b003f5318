import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { qrCodePng, qrCodeSvg, qrCodeTerminal } from '../../src/core/qr.js';
import { isTwofoldError } from '../../src/core/errors.js';

const URI = 'otpauth://totp/Example:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30';

describe('QR codes', () => {
  it('renders an SVG document', async () => {
    const svg = await qrCodeSvg(URI);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<path/);
    assert.ok(!svg.includes('JBSWY3DP'), 'the secret is drawn, not written as text');
  });

  it('renders a PNG of the requested width', async () => {
    const png = Buffer.from(await qrCodePng(URI, { width: 300 }));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 300, 'IHDR width');
    assert.equal(png.readUInt32BE(20), 300, 'IHDR height');
  });

  it('renders for a terminal', async () => {
    const text = await qrCodeTerminal(URI);
    assert.ok(text.split('\n').length > 10);
  });

  it('rejects empty and oversized content', async () => {
    for (const bad of ['', 'x'.repeat(2049), 42 as unknown as string]) {
      await assert.rejects(qrCodeSvg(bad), (e: unknown) => isTwofoldError(e, 'INVALID_ARGUMENT'));
    }
  });
});
