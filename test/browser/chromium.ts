/**
 * A small Chrome DevTools Protocol client over `--remote-debugging-pipe` (messages are JSON
 * separated by NUL bytes on file descriptors 3 and 4): no WebSocket, no browser download, no
 * dependency. It starts the system's Chromium headless and gives what the browser tests need:
 * open a page, collect its console messages and uncaught errors, evaluate, take a screenshot.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The Chromium to drive: `VERDEELMODEL_CHROMIUM`, else the usual system paths; null when none. */
export function findChromium(): string | null {
  const candidates = [
    process.env.VERDEELMODEL_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ];
  return candidates.find((c): c is string => typeof c === 'string' && c !== '' && existsSync(c)) ?? null;
}

/** Why the browser tests skip, or null when they run. */
export function chromiumSkipReason(): string | null {
  if (findChromium() !== null) return null;
  return 'skipping the browser tests: no Chromium found (install Debian `chromium`, or set VERDEELMODEL_CHROMIUM to its path)';
}

/** One console message or page error seen by the page. */
export interface PageMessage {
  readonly level: string;
  readonly text: string;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string };
type Listener = (params: Record<string, unknown>) => void;

export class Chromium {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Listener[]>();
  private buffer = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly input: Writable,
    private readonly profile: string,
  ) {}

  /** Start headless Chromium with a fresh profile. */
  static async launch(path = findChromium()): Promise<Chromium> {
    if (path === null) throw new Error('no Chromium found');
    const profile = mkdtempSync(join(tmpdir(), 'verdeelmodel-chromium-'));
    const child = spawn(
      path,
      [
        '--headless=new',
        '--remote-debugging-pipe',
        // Root (CI, containers) cannot use the sandbox; the pages are local test files.
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-component-update',
        '--mute-audio',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    const browser = new Chromium(child, child.stdio[3] as Writable, profile);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    (child.stdio[4] as Readable).on('data', (d: Buffer) => browser.receive(d.toString()));
    child.on('exit', (code) => {
      for (const p of browser.pending.values()) {
        p.reject(new Error(`Chromium exited (${code}) during ${p.method}: ${stderr}`));
      }
      browser.pending.clear();
    });
    await browser.send('Browser.getVersion');
    return browser;
  }

  private receive(text: string): void {
    this.buffer += text;
    let end = this.buffer.indexOf('\0');
    while (end >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as {
        id?: number;
        method?: string;
        params?: Record<string, unknown>;
        result?: unknown;
        error?: { message: string };
        sessionId?: string;
      };
      this.buffer = this.buffer.slice(end + 1);
      if (message.id !== undefined) {
        const p = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (p && message.error) p.reject(new Error(`${p.method}: ${message.error.message}`));
        else p?.resolve(message.result);
      } else if (message.method) {
        const key = `${message.sessionId ?? ''}:${message.method}`;
        for (const l of this.listeners.get(key) ?? []) l(message.params ?? {});
      }
      end = this.buffer.indexOf('\0');
    }
  }

  /** Send one command (to the browser, or to a page's session) and wait for its result. */
  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(sessionId: string, method: string, listener: Listener): void {
    const key = `${sessionId}:${method}`;
    this.listeners.set(key, [...(this.listeners.get(key) ?? []), listener]);
  }

  /** A new page (tab) with console, log and page events on. */
  async newPage(width = 1280, height = 900): Promise<Page> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', {
      targetId,
      flatten: true,
    });
    const page = new Page(this, sessionId);
    await page.start(width, height);
    return page;
  }

  /** End Chromium (the process this client started) and remove its profile. */
  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.send('Browser.close').catch(() => {});
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}

function remoteText(arg: { type?: string; value?: unknown; description?: string }): string {
  if (arg.value !== undefined) return typeof arg.value === 'string' ? arg.value : JSON.stringify(arg.value);
  return arg.description ?? arg.type ?? '';
}

export class Page {
  /** Every console message, uncaught exception and browser log entry, in order. */
  readonly messages: PageMessage[] = [];

  constructor(
    private readonly browser: Chromium,
    private readonly sessionId: string,
  ) {}

  async start(width: number, height: number): Promise<void> {
    const s = this.sessionId;
    this.browser.on(s, 'Runtime.consoleAPICalled', (p) => {
      const args = (p.args as { type?: string; value?: unknown; description?: string }[]) ?? [];
      this.messages.push({ level: String(p.type), text: args.map(remoteText).join(' ') });
    });
    this.browser.on(s, 'Runtime.exceptionThrown', (p) => {
      const d = p.exceptionDetails as { text?: string; exception?: { description?: string } };
      this.messages.push({ level: 'exception', text: d.exception?.description ?? d.text ?? 'exception' });
    });
    this.browser.on(s, 'Log.entryAdded', (p) => {
      const e = p.entry as { level: string; text: string; url?: string };
      this.messages.push({ level: `log-${e.level}`, text: `${e.text}${e.url ? ` (${e.url})` : ''}` });
    });
    await this.send('Runtime.enable');
    await this.send('Log.enable');
    await this.send('Page.enable');
    await this.send('Emulation.setDeviceMetricsOverride', {
      width,
      height,
      deviceScaleFactor: 1,
      mobile: false,
    });
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  /** Load a URL and wait for its load event. */
  async goto(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) =>
      this.browser.on(this.sessionId, 'Page.loadEventFired', () => resolve()),
    );
    const r = await this.send<{ errorText?: string }>('Page.navigate', { url });
    if (r.errorText) throw new Error(`navigating to ${url}: ${r.errorText}`);
    await loaded;
  }

  /** Evaluate an expression in the page (promises awaited) and return its value as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const r = await this.send<{
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) {
      throw new Error(`in the page: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    }
    return r.result.value as T;
  }

  /** Wait until an expression is truthy in the page (polled), or throw after `timeoutMs`. */
  async waitFor(expression: string, timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A PNG of the whole page (beyond the viewport), or of the `clip` rectangle of it. */
  async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const r = await this.send<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      ...(clip ? { clip: { ...clip, scale: 1 } } : {}),
    });
    return Buffer.from(r.data, 'base64');
  }

  /** The messages that count as errors: console errors and assertions, uncaught exceptions, error log entries. */
  errors(): PageMessage[] {
    return this.messages.filter((m) => ['error', 'assert', 'exception', 'log-error'].includes(m.level));
  }
}
