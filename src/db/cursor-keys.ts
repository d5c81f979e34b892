import { createCipheriv, createDecipheriv, createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The keys cursors are sealed with: AES-256-GCM, so a cursor is opaque (its sort values, an email say,
 * cannot be read out of it) and cannot be forged or altered. `current` seals; it and the `previous` keys
 * open, so cursors handed out before a key rotation keep working while the old key is still listed.
 */
type Ring = { current: KeyObject; ivKey: KeyObject; all: KeyObject[]; links: KeyObject[] };

/**
 * A 32-byte key for one purpose from a secret of any length (the secret is text from the environment), as a
 * KeyObject: made once, it spares each seal the conversion of a raw key (most of a seal's time otherwise).
 */
const keyOf = (secret: string, purpose = 'cursor') => createSecretKey(createHash('sha256').update(`crm-${purpose}:${secret}`).digest());

const ringOf = (current: string, previous: readonly string[]): Ring => {
  const key = keyOf(current);
  return {
    current: key,
    ivKey: keyOf(current, 'cursor-iv'),
    all: [key, ...previous.map((p) => keyOf(p))],
    // Signed export links (src/search/export-link.ts): the same secrets, a key of their own.
    links: [current, ...previous].map((secret) => keyOf(secret, 'export-link')),
  };
};

/** Until the process says otherwise (createApp does, from SECRET_KEY), a random key of its own. */
let ring: Ring = ringOf(randomBytes(32).toString('hex'), []);

export function useCursorKeys(current: string, previous: readonly string[] = []): void {
  ring = ringOf(current, previous);
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Text sealed: base64url of iv | ciphertext | tag. The IV is derived from the text (an HMAC under a key of
 * its own, as SIV does): the same position in the same list always gets the same cursor, so responses stay
 * comparable and cacheable, and two different texts never share an IV in practice (96 bits).
 */
export function seal(text: string): string {
  const iv = createHmac('sha256', ring.ivKey).update(text).digest().subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The text of a sealed token, or undefined when no key of the ring sealed it (forged, altered, too old). */
export function unseal(token: string): string | undefined {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  const iv = raw.subarray(0, IV_BYTES);
  const body = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  for (const key of ring.all) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      // not this key
    }
  }
  return undefined;
}

/** The JSON value of a sealed token, or undefined when it was not sealed by the ring or holds no JSON. */
export function unsealJson(token: string): unknown {
  try {
    const text = unseal(token);
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

const macWith = (key: KeyObject, text: string) => createHmac('sha256', key).update(text).digest('base64url');

/** An HMAC of `text` under the current key (export links: src/search/export-link.ts). */
export function signText(text: string): string {
  return macWith(ring.links[0], text);
}

/** Whether `mac` is signText(text) under the current key or a previous one (a link made before a rotation). */
export function textSignedBy(text: string, mac: string): boolean {
  const given = Buffer.from(mac);
  return ring.links.some((key) => {
    const expected = Buffer.from(macWith(key, text));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
