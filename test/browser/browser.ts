import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium; playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** A fresh browser profile (a desktop window unless `device` says otherwise), logged in through the login form. */
export async function loggedIn(
  browser: Browser,
  origin: string,
  email: string,
  password: string,
  device: BrowserContextOptions = { viewport: { width: 1280, height: 800 } },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...device, baseURL: origin });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  page.on('dialog', (dialog) => {
    console.error(`[page dialog] ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto('/login');
  await screenshot(page, device.isMobile ? 'phone-login' : 'login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/home');
  return { context, page };
}

/** Waits until the page's audio element has played past `seconds` (a condition, not a sleep). */
export async function waitForPlayback(page: Page, seconds: number, timeout = 60_000): Promise<number> {
  const handle = await page.waitForFunction(
    (s) => {
      const audio = document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]');
      return audio && !audio.paused && audio.currentTime > s ? audio.currentTime : null;
    },
    seconds,
    { timeout, polling: 200 },
  );
  return (await handle.jsonValue()) as number;
}

export const audioState = (page: Page) =>
  page.evaluate(() => {
    const audio = document.querySelector<HTMLAudioElement>('audio[data-testid="audio"]');
    return { paused: audio?.paused ?? true, time: audio?.currentTime ?? 0 };
  });
