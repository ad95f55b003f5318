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
  /** PNG only: pixel width of the image (default 256). */
  readonly width?: number;
}

function checkText(text: unknown): string {
  if (typeof text !== 'string' || text.length === 0 || text.length > 2048) {
    throw new TwofoldError('INVALID_ARGUMENT', 'QR code content must be a non-empty string of at most 2048 characters');
  }
  return text;
}

/** Renders `text` (normally an `otpauth://` URI) as an SVG document. */
export async function qrCodeSvg(text: string, options: QrOptions = {}): Promise<string> {
  return QRCode.toString(checkText(text), { type: 'svg', errorCorrectionLevel: 'M', margin: options.margin ?? 4 });
}

/** Renders `text` as a PNG image. */
export async function qrCodePng(text: string, options: QrOptions = {}): Promise<Uint8Array> {
  const buffer = await QRCode.toBuffer(checkText(text), {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: options.margin ?? 4,
    width: options.width ?? 256,
  });
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Renders `text` with Unicode block characters for a terminal (the CLI). */
export async function qrCodeTerminal(text: string): Promise<string> {
  return QRCode.toString(checkText(text), { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
}
