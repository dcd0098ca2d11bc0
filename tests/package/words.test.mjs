// What a hostile or broken server says reaches an error's `message`, which ends up in logs and
// terminals (Node prints an uncaught error's stack, message and all): its words are quoted on
// one line, with no control character (ESC, BEL, CR, LF, NUL, C1's CSI) and no bidirectional
// formatting character, written instead as \uXXXX, and cut short. The members that carry the
// answer as it came (`apiMessage`, `run`, `extraction`) keep the words whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CensusApiError, CensusClient, CensusSyncRunError, StitchApiError, StitchClient, StitchJobError,
} from '../../pkg/node.mjs';

const WORDS = '\u001b]0;pwned\u0007\u001b[2J\u009b31mRED\r\nFAKE LOG LINE\u202eevil\u0000\u2066end';
const SHOWN = String.raw`\u001b]0;pwned\u0007\u001b[2J\u009b31mRED  FAKE LOG LINE\u202eevil\u0000\u2066end`;
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function assertPrintable(error) {
  assert.doesNotMatch(error.message, HIDDEN, JSON.stringify(error.message));
  assert.ok(error.message.includes(SHOWN), JSON.stringify(error.message));
  assert.ok(error.message.length < 1000, `${error.message.length} characters`);
}

test("the Census API's error message is quoted printable, and kept whole in apiMessage", async () => {
  const census = new CensusClient({ apiToken: 'words-test-token', baseUrl: 'https://census.example/api/v1', retry: false,
    fetch: async () => json({ status: 'error', message: WORDS + 'x'.repeat(5000) }, 400) });
  await assert.rejects(census.getSource(3), (error) => {
    assert.ok(error instanceof CensusApiError, error.name);
    assertPrintable(error);
    assert.equal(error.apiMessage, WORDS + 'x'.repeat(5000));
    return true;
  });
});

test("a failed sync run's error code and message are quoted printable and short, and kept whole in run", async () => {
  const census = new CensusClient({ apiToken: 'words-test-token', baseUrl: 'https://census.example/api/v1',
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/api/v1/syncs/4/trigger') return json({ status: 'success', data: { sync_run_id: 77 } });
      return json({ status: 'success', data: { id: 77, sync_id: 4, status: 'failed', error_code: WORDS, error_message: WORDS + 'y'.repeat(5000) } });
    } });
  await assert.rejects(census.triggerSyncAndWait(4, { failOnError: true, intervalMs: 10 }), (error) => {
    assert.ok(error instanceof CensusSyncRunError, error.name);
    assertPrintable(error);
    assert.equal(error.run.error_message, WORDS + 'y'.repeat(5000));
    return true;
  });
});

test("Stitch's error type and message are quoted printable", async () => {
  const stitch = new StitchClient({ accessToken: 'words-test-token', baseUrl: 'https://stitch.example', retry: false,
    fetch: async () => json({ error: { type: WORDS, message: WORDS } }, 400) });
  await assert.rejects(stitch.getSource(5), (error) => {
    assert.ok(error instanceof StitchApiError, error.name);
    assertPrintable(error);
    assert.doesNotMatch(error.message.replace(SHOWN, '').replace(SHOWN, ''), /pwned/);
    return true;
  });
});

test("a failed replication's phase description is quoted printable, and kept whole in extraction", async () => {
  const stitch = new StitchClient({ accessToken: 'words-test-token', baseUrl: 'https://stitch.example',
    fetch: async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/v4/sources/5/sync') return json({ job_name: '9.5.sync.new' });
      if (pathname === '/v4/sources/5') return json({ id: 5, stitch_client_id: 9 });
      if (pathname === '/v4/9/extractions') {
        return json({ data: [{ source_id: 5, job_name: '9.5.sync.new', completion_time: '2026-01-01T00:00:00Z',
          discovery_exit_status: 0, tap_exit_status: 1, tap_description: WORDS + 'z'.repeat(5000) }], page: 1, total: 1, links: {} });
      }
      return json({ error: 'no route' }, 404);
    } });
  await assert.rejects(stitch.startReplicationAndWait(5, { intervalMs: 100, timeoutMs: 20_000 }), (error) => {
    assert.ok(error instanceof StitchJobError, error.name);
    assertPrintable(error);
    assert.equal(error.extraction.tap_description, WORDS + 'z'.repeat(5000));
    return true;
  });
});
