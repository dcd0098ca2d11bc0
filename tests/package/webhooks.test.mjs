// verifyWebhookSignature as a Node 20 user calls it: base64 HMAC-SHA256 through SubtleCrypto,
// checked against vectors computed elsewhere (RFC 4231's test cases, and one made with
// Python's hmac module), not against the function's own output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyWebhookSignature, CensusInputError } from '../../pkg/node.mjs';

// RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
const RFC_HEX = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
const RFC_BASE64 = Buffer.from(RFC_HEX, 'hex').toString('base64');
// python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'whsec_local','{\"event\":\"sync.completed\",\"sync_id\":52,\"note\":\"d\u00e9j\u00e0 vu\"}'.encode(),hashlib.sha256).digest()).decode())"
const BODY = '{"event":"sync.completed","sync_id":52,"note":"d\u00e9j\u00e0 vu"}';
const BODY_SIGNATURE = 'D7QqhVwwyiCyG9INmbiqBz7bBgISM/gvP5sfTMWiQ90=';

test('a signature computed elsewhere verifies, as text and as bytes', async () => {
  assert.equal(await verifyWebhookSignature('what do ya want for nothing?', RFC_BASE64, 'Jefe'), true);
  const bytes = new TextEncoder().encode('what do ya want for nothing?');
  assert.equal(await verifyWebhookSignature(bytes, RFC_BASE64, 'Jefe'), true);
  assert.equal(await verifyWebhookSignature(bytes.buffer, ` ${RFC_BASE64}\n`, 'Jefe'), true);
  assert.equal(await verifyWebhookSignature(BODY, BODY_SIGNATURE, 'whsec_local'), true);
});

test('any change to the body, the signature or the secret fails', async () => {
  assert.equal(await verifyWebhookSignature('what do ya want for nothing!', RFC_BASE64, 'Jefe'), false);
  assert.equal(await verifyWebhookSignature('what do ya want for nothing?', RFC_BASE64, 'jefe'), false);
  const flipped = Buffer.from(RFC_HEX, 'hex');
  flipped[31] ^= 1;
  assert.equal(await verifyWebhookSignature('what do ya want for nothing?', flipped.toString('base64'), 'Jefe'), false);
  assert.equal(await verifyWebhookSignature('what do ya want for nothing?', RFC_BASE64.slice(0, 20), 'Jefe'), false);
  // A re-serialized body is not the body that was signed.
  const reserialized = JSON.stringify(JSON.parse(BODY), null, 1);
  assert.equal(await verifyWebhookSignature(reserialized, BODY_SIGNATURE, 'whsec_local'), false);
});

test('a missing or malformed header is false, bad arguments are input errors without the secret', async () => {
  assert.equal(await verifyWebhookSignature(BODY, null, 'whsec_local'), false);
  assert.equal(await verifyWebhookSignature(BODY, undefined, 'whsec_local'), false);
  assert.equal(await verifyWebhookSignature(BODY, '***not base64***', 'whsec_local'), false);
});

test('only the canonical base64 of the MAC verifies: atob would take each of these', async () => {
  assert.equal(atob(BODY_SIGNATURE.slice(0, -1)), atob(BODY_SIGNATURE), 'unpadded');
  assert.equal(await verifyWebhookSignature(BODY, BODY_SIGNATURE.slice(0, -1), 'whsec_local'), false);
  // '0' and '1' differ only in the two bits past the 32 bytes.
  const otherBits = BODY_SIGNATURE.replace(/0=$/, '1=');
  assert.equal(atob(otherBits), atob(BODY_SIGNATURE), 'other trailing bits');
  assert.equal(await verifyWebhookSignature(BODY, otherBits, 'whsec_local'), false);
  const spaced = `${BODY_SIGNATURE.slice(0, 8)} ${BODY_SIGNATURE.slice(8)}`;
  assert.equal(atob(spaced), atob(BODY_SIGNATURE), 'a space inside');
  assert.equal(await verifyWebhookSignature(BODY, spaced, 'whsec_local'), false);
  const urlSafe = BODY_SIGNATURE.replace(/\//g, '_');
  assert.notEqual(urlSafe, BODY_SIGNATURE);
  assert.equal(await verifyWebhookSignature(BODY, urlSafe, 'whsec_local'), false);
  const noSecret = await verifyWebhookSignature(BODY, BODY_SIGNATURE, '').catch((error) => error);
  assert.ok(noSecret instanceof CensusInputError);
  assert.equal(noSecret.field, 'secret');
  const parsed = await verifyWebhookSignature(JSON.parse(BODY), BODY_SIGNATURE, 'whsec_local').catch((error) => error);
  assert.ok(parsed instanceof CensusInputError);
  assert.equal(parsed.field, 'rawBody');
  assert.ok(!parsed.message.includes('whsec_local'));
});
