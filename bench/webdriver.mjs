// Headless Firefox and WebKit for the benchmarks, over WebDriver's HTTP API: Debian's firefox-esr
// driven by geckodriver (from crates.io, as scripts/ensure-tools.sh installs it), and WebKitGTK's
// MiniBrowser driven by WebKitWebDriver (Debian's webkit2gtk-driver) on an Xvfb display, so
// nothing is downloaded. Code runs in the page's own realm, as a page's modules do: a script
// WebDriver executes runs, in Firefox, in a sandbox whose global is not the Window (its DOM calls
// go through wrappers), so each run is a module script the page itself loads, which hands its
// result back through the DOM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts geckodriver and a headless Firefox with a fresh profile; `performance.now` at full
 * precision (`privacy.reduceTimerPrecision` off), as the Chromium pages get by being
 * cross-origin isolated. Returns `{ version, run(url, code, name, args), close() }`.
 */
export async function launchFirefox() {
  const profile = mkdtempSync(join(tmpdir(), 'census-bench-firefox-'));
  return launch({
    command: (port) => ['geckodriver', ['--port', String(port)]],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: FIREFOX,
        args: ['-headless', '-profile', profile],
        prefs: { 'privacy.reduceTimerPrecision': false },
      },
    },
    describe: (caps) => `Firefox ${caps.browserVersion}`,
    cleanup: () => rmSync(profile, { recursive: true, force: true }),
  });
}

/**
 * Starts WebKitWebDriver, and through it WebKitGTK's MiniBrowser (Safari's engine), on a display
 * of its own (`xvfb-run`: MiniBrowser has no headless mode). Its `performance.now` steps by 1 ms
 * on a page that is not cross-origin isolated, so time samples of tens of milliseconds. Returns
 * what `launchFirefox` does.
 */
export function launchWebKit() {
  return launch({
    command: (port) => ['xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`]],
    capabilities: {},
    describe: (caps) => `WebKit ${caps.browserVersion} (WebKitGTK's ${caps.browserName})`,
    cleanup: () => {},
  });
}

/** Starts the driver `command(port)` names and a session with `capabilities`. */
async function launch({ command, capabilities, describe, cleanup }) {
  const port = await freePort();
  const [program, args] = command(port);
  // Its own process group, so that closing ends xvfb-run's Xvfb too.
  const driver = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const stop = () => {
    try {
      process.kill(-driver.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  let log = '';
  driver.stderr.on('data', (chunk) => { log += chunk; });
  const call = async (method, path, body) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${program} ${method} ${path}: ${JSON.stringify(json.value).slice(0, 2000)}`);
    return json.value;
  };
  let session;
  for (let i = 0; ; i += 1) {
    try {
      session = await call('POST', '/session', { capabilities: { alwaysMatch: { ...capabilities, timeouts: { script: 30 * 60 * 1000 } } } });
      break;
    } catch (error) {
      if (i >= 100 || !/ECONNREFUSED|fetch failed/.test(String(error?.cause ?? error))) {
        stop();
        cleanup();
        throw new Error(`${error.message}\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const id = session.sessionId;
  return {
    version: describe(session.capabilities),
    /**
     * Opens `url` (a blank page), loads `code` (an ES module's text) as a module of the page and
     * resolves to what its export `name` resolves to when called with `args` (JSON both ways).
     */
    async run(url, code, name, args) {
      await call('POST', `/session/${id}/url`, { url });
      const out = await call('POST', `/session/${id}/execute/async`, {
        script: `
          const [code, name, args, done] = arguments;
          const box = document.createElement('script');
          box.type = 'application/json';
          box.id = '__bench_args';
          box.textContent = JSON.stringify({ code, name, args });
          document.head.append(box);
          const result = document.createElement('output');
          result.id = '__bench_result';
          document.body.append(result);
          new MutationObserver(() => done(result.textContent)).observe(result, { childList: true });
          const module = document.createElement('script');
          module.type = 'module';
          module.textContent = \`
            const out = document.getElementById('__bench_result');
            try {
              const { code, name, args } = JSON.parse(document.getElementById('__bench_args').textContent);
              const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
              const exports = await import(url);
              out.textContent = JSON.stringify({ value: await exports[name](args) });
            } catch (error) {
              out.textContent = JSON.stringify({ error: String(error) + '\\\\n' + error?.stack });
            }
          \`;
          document.head.append(module);
        `,
        args: [code, name, args],
      });
      const parsed = JSON.parse(out);
      if ('error' in parsed) throw new Error(`in Firefox: ${parsed.error}`);
      return parsed.value;
    },
    async close() {
      try {
        await call('DELETE', `/session/${id}`);
      } finally {
        stop();
        cleanup();
      }
    },
  };
}

/**
 * Runs the page code `code`'s export `name` at `url` in Firefox and in WebKit, one after the
 * other (each left out by BENCH_FIREFOX=0 or BENCH_WEBKIT=0), with the arguments `argsFor(engine)`
 * gives. Resolves to `{ firefox, webkit }`, each `{ browser, run }` or undefined.
 */
export async function inOtherEngines(url, code, name, argsFor) {
  const out = {};
  for (const [engine, launchEngine, off] of [
    ['firefox', launchFirefox, process.env.BENCH_FIREFOX === '0'],
    ['webkit', launchWebKit, process.env.BENCH_WEBKIT === '0'],
  ]) {
    if (off) continue;
    const browser = await launchEngine();
    try {
      out[engine] = { browser: browser.version, run: await browser.run(`${url}/`, code, name, argsFor(engine)) };
    } finally {
      await browser.close();
    }
  }
  return out;
}
