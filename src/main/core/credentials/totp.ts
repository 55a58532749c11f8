import { createHmac } from 'node:crypto';
import { base32nopad } from '@scure/base';
import type { TotpCode } from '../../../shared/credentials';
import { VaultError } from '../errors';

/** A parsed TOTP seed as a credential's record keeps it. */
export interface TotpSeed {
  /** Canonical base32, upper case, no padding. */
  secret: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: 6 | 7 | 8;
  /** Seconds, 1..300. */
  period: number;
  issuer: string | null;
  account: string | null;
}

/** RFC 4226 asks for 128 bits; real sites hand out 80, and some older tokens less. Below 40 is a typo. */
const MIN_SECRET_BYTES = 5;
const MAX_SECRET_BYTES = 256;
const MAX_INPUT_LENGTH = 2048;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Errors name the field and why; never the value, which is the seed itself. */
function invalid(reason: string): VaultError {
  return new VaultError('INVALID_INPUT', { field: 'totp', reason });
}

/**
 * Reads an `otpauth://totp/…` URI (as a QR code holds it) or a bare base32 seed as
 * sites print it: spaces, hyphens, lower case and padding are all tolerated.
 */
export function parseTotpSeed(input: string): TotpSeed {
  const text = input.trim();
  if (text === '') throw invalid('empty');
  if (text.length > MAX_INPUT_LENGTH) throw invalid('too-long');
  if (/^otpauth:/i.test(text)) return parseUri(text);
  return { secret: canonicalSecret(text), algorithm: 'SHA1', digits: 6, period: 30, issuer: null, account: null };
}

function parseUri(uri: string): TotpSeed {
  const m = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?/i.exec(uri);
  if (!m) throw invalid('uri');
  const type = (m[1] ?? '').toLowerCase();
  if (type === 'hotp') throw invalid('hotp');
  if (type !== 'totp') throw invalid('uri');

  const params = new Map<string, string>();
  for (const pair of (m[3] ?? '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    // The first occurrence wins, as in Google Authenticator.
    if (!params.has(key)) params.set(key, decode(eq < 0 ? '' : pair.slice(eq + 1)));
  }

  const secretParam = params.get('secret');
  if (secretParam === undefined || secretParam.trim() === '') throw invalid('empty');
  const secret = canonicalSecret(secretParam);

  const algorithm = parseAlgorithm(params.get('algorithm'));
  const digits = parseDigits(params.get('digits'));
  const period = parsePeriod(params.get('period'));

  // Label is `Issuer:account` (or just `account`); the issuer parameter, when given, wins.
  const label = decode(m[2] ?? '');
  const colon = label.indexOf(':');
  const labelIssuer = colon >= 0 ? label.slice(0, colon).trim() : '';
  const account = (colon >= 0 ? label.slice(colon + 1) : label).trim();
  const issuer = (params.get('issuer') ?? '').trim() || labelIssuer;

  return { secret, algorithm, digits, period, issuer: issuer || null, account: account || null };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid('uri');
  }
}

function parseAlgorithm(value: string | undefined): TotpSeed['algorithm'] {
  if (value === undefined || value === '') return 'SHA1';
  const name = value.toUpperCase().replace(/-/g, '');
  if (name === 'SHA1' || name === 'SHA256' || name === 'SHA512') return name;
  throw invalid('algorithm');
}

function parseDigits(value: string | undefined): TotpSeed['digits'] {
  if (value === undefined || value === '') return 6;
  if (value === '6' || value === '7' || value === '8') return Number(value) as 6 | 7 | 8;
  throw invalid('digits');
}

function parsePeriod(value: string | undefined): number {
  if (value === undefined || value === '') return 30;
  if (!/^\d{1,3}$/.test(value)) throw invalid('period');
  const period = Number(value);
  if (period < 1 || period > 300) throw invalid('period');
  return period;
}

/**
 * Decodes leniently, like authenticator apps do (trailing bits that do not fill a byte
 * are ignored), then re-encodes so the stored form is canonical.
 */
function canonicalSecret(raw: string): string {
  const chars = raw.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  if (chars === '') throw invalid('empty');
  // Lengths 1, 3 and 6 (mod 8) cannot come from whole bytes.
  if (!/^[A-Z2-7]+$/.test(chars) || [1, 3, 6].includes(chars.length % 8)) throw invalid('base32');
  const bytes = new Uint8Array(Math.floor((chars.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (const ch of chars) {
    buffer = ((buffer << 5) | ALPHABET.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  if (bytes.length < MIN_SECRET_BYTES) throw invalid('too-short');
  if (bytes.length > MAX_SECRET_BYTES) throw invalid('too-long');
  return base32nopad.encode(bytes);
}

/** RFC 6238 (TOTP over RFC 4226's HOTP) at `nowMs`. */
export function totpCode(seed: TotpSeed, nowMs: number): TotpCode {
  const key = Buffer.from(base32nopad.decode(seed.secret));
  const seconds = Math.max(0, Math.floor(nowMs / 1000));
  const counter = Math.floor(seconds / seed.period);
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(seed.algorithm.toLowerCase(), key).update(message).digest();
  key.fill(0);
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  const code = String(binary % 10 ** seed.digits).padStart(seed.digits, '0');
  return { code, remaining: seed.period - (seconds - counter * seed.period), period: seed.period };
}
