// Everything that awaits: attempts and retries, calls with several requests or waits, and
// listings. Every decision is asked of a synchronous wasm object (an Exchange, Operation or
// Listing, in src/binding and src/transport.rs, over the core's machines); this file only sends,
// waits and keeps promises, so no async Rust, and none of its machinery, ships in the wasm.

import { fetchAttempt, sleep } from './fetch.js';

/** What the runtime needs of a client: its fetch and hooks, read once by the constructor. */
export function transport(fetchFn, thisArg, onRequest, onResponse) {
  return { fetchFn, thisArg, onRequest, onResponse };
}

// fetchAttempt's kinds of failure, as the onResponse hook names them (ErrorKind codes).
const OUTCOMES = { timeout: 'timeout', aborted: 'aborted', network: 'network_error' };

/** Calls a hook with one plain object; a hook that throws cannot break the call. */
function notify(hook, info) {
  try {
    hook(info);
  } catch {
    // Ignored on purpose: hooks observe, they cannot fail a call.
  }
}

const encoder = new TextEncoder();

/**
 * Hands an answer to its exchange. The body's UTF-8 is written by `encodeInto` straight into a
 * buffer in wasm memory, one byte per character when it is ASCII, with room made for the rest
 * when it is not; the text itself stays here for JSON.parse once the wasm has checked it.
 */
function deliver(ex, answer) {
  const { text } = answer;
  let { read, written } = encoder.encodeInto(text, ex.bodyBuffer(0, text.length));
  if (read < text.length) {
    // At most three bytes for each UTF-16 unit left (a surrogate pair takes four for two).
    ({ written } = encoder.encodeInto(text.slice(read), ex.bodyBuffer(written, (text.length - read) * 3)));
  }
  ex.answered(answer.status, answer.contentType, answer.retryAfter, written, text);
}

/**
 * Sends an Exchange, retrying as it decides. Resolves to true once the last HTTP answer,
 * whatever its status, is in the exchange, or to false when no answer came (the exchange then
 * holds the reason). Never rejects.
 */
async function send(t, ex) {
  const { method, url } = ex;
  for (let attempt = 1; ; attempt += 1) {
    if (t.onRequest) notify(t.onRequest, { method, url, attempt });
    const began = Date.now();
    let result;
    try {
      result = await fetchAttempt(t.fetchFn, t.thisArg, method, url, ex.headers(), ex.body, ex.timeoutMs, ex.signal);
    } catch (error) {
      ex.fail('fetch', describe(error), attempt);
      return false;
    }
    if (result.kind === 'invalid') {
      ex.fail('invalid', result.detail, attempt);
      return false;
    }
    const answered = result.kind === 'answered';
    if (t.onResponse) {
      notify(t.onResponse, {
        method,
        url,
        attempt,
        status: answered ? result.status : undefined,
        outcome: answered ? 'answered' : OUTCOMES[result.kind],
        durationMs: Date.now() - began,
      });
    }
    if (result.kind === 'aborted') {
      ex.fail('aborted', '', attempt);
      return false;
    }
    const delay = ex.retry(attempt, answered ? result.status : undefined, answered ? result.retryAfter : undefined);
    if (delay < 0) {
      if (answered) {
        deliver(ex, result);
        return true;
      }
      ex.fail(result.kind, result.detail ?? '', attempt);
      return false;
    }
    if (!(await sleep(delay, ex.signal))) {
      ex.fail('aborted', '', attempt);
      return false;
    }
  }
}

/** `TypeError: Failed to fetch`, from whatever a rejected promise held. */
function describe(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : 'a non-Error value';
}

// Each run starts with `await tick`, so nothing is sent, and no hook called, before the client's
// method has returned its Promise: the order callers saw when the runs were Rust futures, which
// start in a microtask. It also keeps wasm from being re-entered from a hook inside a method.
const tick = undefined;

// What an Operation says to do next (src/binding/mod.rs).
const DONE = 0;
const SEND = 1;

/**
 * Runs an Operation to its value or typed error: the wasm machine says at each step whether to
 * send a request, sleep or stop; this only does it.
 */
export async function drive(t, op) {
  try {
    await tick;
    let next = op.start();
    for (;;) {
      if (next === DONE) return op.value();
      if (next === SEND) {
        const ex = op.exchange();
        try {
          next = (await send(t, ex)) ? op.answered(ex) : op.failed(ex);
        } finally {
          ex.free();
        }
      } else {
        if (!(await sleep(op.delay, op.signal))) throw op.aborted();
        next = op.woke();
      }
    }
  } finally {
    op.free();
  }
}

/**
 * The state of one listing in JS: the wasm Listing (paginator and kept objects), the page
 * requests in flight, and the AbortController they share.
 */
function listingState(t, listing) {
  return { t, listing, controller: listing.controller, inFlight: new Map(), slot: 0 };
}

/** Lets go of the exchanges of requests still in flight, which nothing will read now. */
function drop(state) {
  for (const pending of state.inFlight.values()) pending.then(({ ex }) => ex.free());
  state.inFlight.clear();
}

/**
 * The next items in order, or null once the listing is complete. Pages are requested as the
 * paginator asks, and their answers handed back one at a time, in the order they come.
 */
async function nextBatch(state) {
  const { listing } = state;
  for (;;) {
    const ready = listing.ready();
    if (ready.length > 0) return ready;
    let finished;
    try {
      finished = listing.state();
    } catch (error) {
      drop(state);
      throw error;
    }
    if (finished) {
      drop(state);
      return null;
    }
    for (const page of listing.pages()) {
      const ex = listing.exchange(page);
      const slot = state.slot++;
      state.inFlight.set(slot, send(state.t, ex).then((answered) => ({ slot, page, ex, answered })));
    }
    if (state.inFlight.size === 0) throw listing.stalled();
    const { slot, page, ex, answered } = await Promise.race(state.inFlight.values());
    // Stopped while waiting: the answers in flight were let go already.
    if (!state.inFlight.delete(slot)) continue;
    try {
      if (answered) listing.answer(page, ex);
      else listing.failed(page, ex);
    } finally {
      ex.free();
    }
  }
}

/** Resolves to every item of a Listing, as one array. */
export async function listAll(t, listing) {
  const state = listingState(t, listing);
  const all = [];
  try {
    await tick;
    for (;;) {
      const items = await nextBatch(state);
      if (items === null) return all;
      for (const item of items) all.push(item);
    }
  } finally {
    drop(state);
    listing.free();
  }
}

function result(value) {
  return { done: value === undefined, value };
}

/**
 * An async iterator over a Listing, for `for await`: `next()` one item at a time, `return()`
 * (`break`) cancels the page requests in flight and requests nothing more. Calls of `next()`
 * made before the last one settled wait their turn, as an async generator's do.
 */
export function iterate(t, listing) {
  const state = listingState(t, listing);
  // The listing while no pull is waiting on it; null once it ended or while in use, so return()
  // never waits on it.
  let current = listing;
  let buffer = [];
  let at = 0;
  // The last next() asked for, settled or not: the next one starts after it.
  let queue = Promise.resolve();
  const end = () => {
    drop(state);
    listing.free();
  };
  const pull = async () => {
    await tick;
    for (;;) {
      if (at < buffer.length) {
        const value = buffer[at];
        buffer[at] = undefined;
        at += 1;
        return { done: false, value };
      }
      const taken = current;
      current = null;
      if (taken === null) return result(undefined);
      let items;
      try {
        items = await nextBatch(state);
      } catch (error) {
        end();
        throw error;
      }
      if (items === null) {
        end();
        return result(undefined);
      }
      buffer = items;
      at = 0;
      current = taken;
    }
  };
  return {
    next() {
      const turn = queue.then(pull);
      queue = turn.catch(() => {});
      return turn;
    },
    return() {
      state.controller.abort();
      if (current !== null) {
        current.stop();
        current = null;
        end();
      }
      buffer = [];
      at = 0;
      return Promise.resolve(result(undefined));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
