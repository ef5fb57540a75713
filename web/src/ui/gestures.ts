/**
 * Touch gestures on pointer events (mouse and pen too). Each has a keyboard
 * or single-tap equivalent elsewhere: a gesture is a shortcut, never the only way.
 */

/** How far a finger travels before a press becomes a swipe (or stops being a long press). */
const SLOP_PX = 10;
const SWIPE_PX = 40;
const LONG_PRESS_MS = 500;

/**
 * Calls `onSwipe` when a pointer goes down on `el`, moves mostly vertically by
 * at least SWIPE_PX and lifts. When it acted on the swipe (returns true), the
 * click a mouse sends after it is swallowed, so swiping over a button does not
 * also press it; clicks from the keyboard (detail 0) always pass.
 */
export function onVerticalSwipe(el: HTMLElement, onSwipe: (direction: 'up' | 'down') => boolean, signal?: AbortSignal): void {
  let start: { x: number; y: number; id: number } | null = null;
  let swiped = false;
  el.addEventListener(
    'pointerdown',
    (e) => {
      if (e.button !== 0) return;
      start = { x: e.clientX, y: e.clientY, id: e.pointerId };
      swiped = false;
    },
    { signal },
  );
  el.addEventListener(
    'pointerup',
    (e) => {
      if (!start || e.pointerId !== start.id) return;
      const dx = e.clientX - start.x;
      const dy = e.clientY - start.y;
      start = null;
      if (Math.abs(dy) < SWIPE_PX || Math.abs(dy) < Math.abs(dx) * 1.5) return;
      swiped = onSwipe(dy < 0 ? 'up' : 'down');
    },
    { signal },
  );
  el.addEventListener('pointercancel', () => (start = null), { signal });
  el.addEventListener(
    'click',
    (e) => {
      if (!swiped || e.detail === 0) return;
      swiped = false;
      e.stopPropagation();
      e.preventDefault();
    },
    { capture: true, signal },
  );
}

/**
 * Calls `onLongPress` with the element under a finger (or pen) held still for
 * LONG_PRESS_MS on one of `container`'s descendants matching `selector`
 * (delegated, so long lists need one listener). The click released after it is
 * swallowed, and the browser's own long-press menu does not open over it.
 */
export function onLongPress(container: HTMLElement, selector: string, onLongPress: (target: HTMLElement) => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let start: { x: number; y: number } | null = null;
  let fired = false;
  const cancel = () => {
    clearTimeout(timer);
    start = null;
  };
  container.addEventListener('pointerdown', (e) => {
    const target = (e.target as Element).closest<HTMLElement>(selector);
    // A mouse has its own menu button and holds still on every slow click.
    if (!target || !container.contains(target) || e.button !== 0 || e.pointerType === 'mouse') return;
    fired = false;
    start = { x: e.clientX, y: e.clientY };
    timer = setTimeout(() => {
      fired = true;
      start = null;
      onLongPress(target);
    }, LONG_PRESS_MS);
  });
  container.addEventListener('pointermove', (e) => {
    if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > SLOP_PX) cancel();
  });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave'] as const) container.addEventListener(type, cancel);
  container.addEventListener(
    'click',
    (e) => {
      if (!fired || e.detail === 0) return;
      fired = false;
      e.stopPropagation();
      e.preventDefault();
    },
    { capture: true },
  );
  container.addEventListener('contextmenu', (e) => {
    if ((e.target as Element).closest(selector) && (e as PointerEvent).pointerType === 'touch') e.preventDefault();
  });
}
