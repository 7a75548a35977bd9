// Google tokens at rest: AES-256-GCM under ENCRYPTION_KEY.
// Layout of a sealed value: 12-byte nonce || ciphertext || 16-byte tag.
// The associated data names what the value is and whose it is (e.g. "refresh_token:42"), so a
// ciphertext copied into another user's row or another column fails to open instead of being used.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, plaintext: string, associatedData: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Throws when the value was tampered with, sealed under another key, or for other associated data. */
export function open(key: Buffer, sealed: Buffer, associatedData: string): string {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new Error('sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

export function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** 32 random bytes, URL-safe: session tokens and OAuth state. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}
