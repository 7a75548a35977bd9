// Tokens at rest: AES-256-GCM with associated data naming the column and the owner.
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { open, seal } from '../src/auth/crypto.ts';

const key = randomBytes(32);

it('round-trips, with a fresh nonce each time', () => {
  const a = seal(key, '1//0refresh-token', 'refresh_token:1');
  const b = seal(key, '1//0refresh-token', 'refresh_token:1');
  expect(a.equals(b)).toBe(false);
  expect(a.includes(Buffer.from('1//0refresh-token'))).toBe(false);
  expect(open(key, a, 'refresh_token:1')).toBe('1//0refresh-token');
});

it('refuses a tampered value, another key, or another owner or column', () => {
  const sealed = seal(key, 'ya29.access', 'access_token:7');
  const tampered = Buffer.from(sealed);
  tampered[14] = tampered[14]! ^ 1;
  expect(() => open(key, tampered, 'access_token:7')).toThrow();
  expect(() => open(randomBytes(32), sealed, 'access_token:7')).toThrow();
  expect(() => open(key, sealed, 'access_token:8')).toThrow();
  expect(() => open(key, sealed, 'refresh_token:7')).toThrow();
  expect(() => open(key, sealed.subarray(0, 20), 'access_token:7')).toThrow();
});
