import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import QRCode from 'qrcode';
import { MIN_PNG_MODULE_PIXELS, qrCodePng, qrCodeSvg, qrCodeTerminal } from '../../src/core/qr.js';
import { isTwofoldError } from '../../src/core/errors.js';

const URI = 'otpauth://totp/Example:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30';

describe('QR codes', () => {
  it('renders an SVG document', async () => {
    const svg = await qrCodeSvg(URI);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<path/);
    assert.ok(!svg.includes('JBSWY3DP'), 'the secret is drawn, not written as text');
  });

  it('renders a PNG at least as wide as requested, with whole pixels per module', async () => {
    const png = Buffer.from(await qrCodePng(URI, { width: 300 }));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    assert.equal(png.readUInt32BE(20), width, 'square');
    const modules = QRCode.create(URI, { errorCorrectionLevel: 'M' }).modules.size + 8;
    assert.ok(width >= 300, `width ${width}`);
    assert.equal(width % modules, 0, 'a whole number of pixels per module');
    assert.ok(width - 300 < modules, 'no larger than needed');
  });

  it('grows with the code: a long URI keeps at least 4 pixels per module', async () => {
    const long = `${URI}&image=${encodeURIComponent(`https://example.com/${'logo/'.repeat(120)}icon.png`)}`;
    const modules = QRCode.create(long, { errorCorrectionLevel: 'M' }).modules.size + 8;
    assert.ok(256 / modules < 3, 'the case of the report: a default 256 px image would give under 3 px per module');
    const png = Buffer.from(await qrCodePng(long));
    const width = png.readUInt32BE(16);
    assert.equal(width % modules, 0);
    assert.ok(width / modules >= MIN_PNG_MODULE_PIXELS, `${width / modules} px per module`);
  });

  it('refuses a width or margin out of range with a coded error', async () => {
    for (const options of [{ width: 0 }, { width: 5000 }, { width: 1.5 }, { margin: -1 }, { margin: 17 }]) {
      await assert.rejects(qrCodePng(URI, options), (e: unknown) => isTwofoldError(e, 'INVALID_ARGUMENT'));
    }
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
