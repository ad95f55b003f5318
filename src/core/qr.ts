/**
 * QR codes for provisioning URIs, drawn by the `qrcode` package. Error
 * correction level M: robust enough for phone cameras on screens, small
 * enough that a 160-bit key URI stays an easy scan.
 */
import QRCode from 'qrcode';
import { TwofoldError } from './errors.js';

/** Options shared by the QR renderers. */
export interface QrOptions {
  /** Quiet-zone width in modules (default 4, the minimum the standard asks for). */
  readonly margin?: number;
  /**
   * PNG only: the smallest pixel width of the image (default 256). The image
   * is drawn with a whole number of pixels per module, at least
   * {@link MIN_PNG_MODULE_PIXELS}, so a long URI (a larger QR version) gives a
   * larger image instead of blurred, fractional modules.
   */
  readonly width?: number;
}

/** Fewest pixels per module of a PNG: below this, camera decoders start to miss codes of higher versions. */
export const MIN_PNG_MODULE_PIXELS = 4;
const DEFAULT_PNG_WIDTH = 256;
const MAX_PNG_WIDTH = 4096;

function checkText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2048) {
    throw new TwofoldError('INVALID_ARGUMENT', 'QR code content must be a non-empty string of at most 2048 characters');
  }
  return text;
}

function checkMargin(margin: unknown): number {
  if (margin === undefined) return 4;
  if (typeof margin !== 'number' || !Number.isInteger(margin) || margin < 0 || margin > 16) {
    throw new TwofoldError('INVALID_ARGUMENT', 'QR margin must be an integer from 0 to 16 modules');
  }
  return margin;
}

/** Renders `text` (normally an `otpauth://` URI) as an SVG document. */
export async function qrCodeSvg(text: string, options: QrOptions = {}): Promise<string> {
  return QRCode.toString(checkText(text), { type: 'svg', errorCorrectionLevel: 'M', margin: checkMargin(options.margin) });
}

/**
 * Renders `text` as a PNG image, at least `width` pixels wide, with whole
 * pixels per module (see {@link QrOptions.width}).
 */
export async function qrCodePng(text: string, options: QrOptions = {}): Promise<Uint8Array> {
  const content = checkText(text);
  const margin = checkMargin(options.margin);
  const width = options.width ?? DEFAULT_PNG_WIDTH;
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1 || width > MAX_PNG_WIDTH) {
    throw new TwofoldError('INVALID_ARGUMENT', `QR width must be an integer from 1 to ${MAX_PNG_WIDTH} pixels`);
  }
  const modules = QRCode.create(content, { errorCorrectionLevel: 'M' }).modules.size + 2 * margin;
  const scale = Math.max(MIN_PNG_MODULE_PIXELS, Math.ceil(width / modules));
  const buffer = await QRCode.toBuffer(content, { type: 'png', errorCorrectionLevel: 'M', margin, scale });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Renders `text` with Unicode block characters for a terminal (the CLI). */
export async function qrCodeTerminal(text: string): Promise<string> {
  return QRCode.toString(checkText(text), { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
