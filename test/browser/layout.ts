import type { BrowserContextOptions, Page } from 'playwright-core';

/** An ordinary phone (390 × 844) in Chromium's mobile emulation: meta viewport honoured, touch events, a phone's user agent. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 1,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36',
};

export const PHONE_WIDTHS = [320, 360, 390, 430];

/** Moves to `path` inside the running app (no reload: playback and the live socket carry on). */
export async function visit(page: Page, path: string): Promise<void> {
  await page.evaluate((p) => {
    history.pushState(null, '', p);
    dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/**
 * What is wrong with the layout as shown, one line each (an empty list when
 * nothing is):
 * - the page scrolls sideways;
 * - a visible button (or a link laid out as a block: cards, navigation) is
 *   smaller than 44 × 44 px;
 * - two visible controls overlap. Controls are compared within their layer (the
 *   scrolling page, or one fixed bar); against the fixed bars, the page counts
 *   as overlapping only where it cannot scroll out from under them, so this
 *   scrolls to the bottom and back.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`scrolls sideways: ${root.scrollWidth} px in ${root.clientWidth} px`);

    const describe = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    const layerOf = (el: Element): Element | null => {
      for (let e: Element | null = el; e; e = e.parentElement) if (getComputedStyle(e).position === 'fixed') return e;
      return null;
    };
    const controls = Array.from(
      document.querySelectorAll<HTMLElement>('button, a[href], input:not([type="hidden"]), select, textarea, label.file-button'),
    ).filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.right > 0 && !el.closest('[inert]') && el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    });
    for (const el of controls) {
      const r = el.getBoundingClientRect();
      const block = el.tagName !== 'A' || getComputedStyle(el).display !== 'inline';
      if ((el.tagName === 'BUTTON' || (el.tagName === 'A' && block)) && (r.width < 43.5 || r.height < 43.5))
        problems.push(`smaller than 44 px: ${describe(el)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    }

    const overlaps = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    /** The parts of an element's boxes that show: an ancestor that clips (an ellipsis line) cuts them. */
    const boxes = (el: Element) => {
      let rects = Array.from(el.getClientRects());
      for (let e = el.parentElement; e; e = e.parentElement) {
        if (getComputedStyle(e).overflowX === 'visible') continue;
        const clip = e.getBoundingClientRect();
        rects = rects
          .map((r) =>
            DOMRect.fromRect({
              x: Math.max(r.left, clip.left),
              y: r.top,
              width: Math.min(r.right, clip.right) - Math.max(r.left, clip.left),
              height: r.height,
            }),
          )
          .filter((r) => r.width > 0);
      }
      return rects;
    };
    const layers = new Map(controls.map((el) => [el, layerOf(el)]));
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const [a, b] = [controls[i]!, controls[j]!];
        if (layers.get(a) !== layers.get(b) || a.contains(b) || b.contains(a)) continue;
        if (boxes(a).some((ra) => boxes(b).some((rb) => overlaps(ra, rb)))) problems.push(`overlap: ${describe(a)} and ${describe(b)}`);
      }
    }

    const scrolledFrom = scrollY;
    scrollTo(0, root.scrollHeight);
    await new Promise(requestAnimationFrame);
    const bars = Array.from(new Set(layers.values())).filter((l): l is Element => l !== null);
    for (const el of controls.filter((c) => layers.get(c) === null)) {
      const under = bars.find((bar) => boxes(el).some((r) => overlaps(r, bar.getBoundingClientRect())));
      if (under) problems.push(`stays under a fixed bar: ${describe(el)} under ${describe(under)}`);
    }
    scrollTo(0, scrolledFrom);
    return problems;
  });
}

/**
 * layoutProblems at every phone width, each line prefixed with its width:
 * sideways scrolling at any; overlaps and small targets too at 360 and 390 px.
 * Leaves the page at the phone's own size.
 */
export async function problemsAtPhoneWidths(page: Page): Promise<string[]> {
  const all: string[] = [];
  for (const width of PHONE_WIDTHS) {
    await page.setViewportSize({ width, height: 844 });
    const problems = await layoutProblems(page);
    const counted = width === 360 || width === 390 ? problems : problems.filter((p) => p.startsWith('scrolls sideways'));
    all.push(...counted.map((p) => `${width} px: ${p}`));
  }
  await page.setViewportSize(PHONE.viewport!);
  return all;
}

/** The width and height a PNG declares (its IHDR chunk). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A finger on the touchscreen (real touch events, so the page sees pointer events of type "touch"). */
export async function touch(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const at = (x: number, y: number) => [{ x, y }];
  return {
    down: (x: number, y: number) => cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(x, y) }),
    move: (x: number, y: number) => cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(x, y) }),
    up: () => cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] }),
    /** A vertical swipe from (x, y) by dy in a few steps. */
    async swipe(x: number, y: number, dy: number) {
      await this.down(x, y);
      for (let step = 1; step <= 5; step++) await this.move(x, y + (dy * step) / 5);
      await this.up();
    },
  };
}
