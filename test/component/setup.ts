// jsdom lacks a few browser APIs antd and the virtualiser rely on. Polyfill them, and reset
// what a test may leave behind (DOM, hash, language, storage).
import { afterEach, beforeEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';
import { resetAppClock } from '../../renderer/lib/useNow';

// Lazy pages and antd's first render are slow in jsdom on a 2-core CI machine.
configure({ asyncUtilTimeout: 8000 });

if (!window.matchMedia) {
  window.matchMedia = (query: string): MediaQueryList =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

// antd measures scrollbars with getComputedStyle(el, '::-webkit-scrollbar'): jsdom throws
// "Not implemented" for pseudo-elements, so ignore the second argument.
const realGetComputedStyle = window.getComputedStyle.bind(window);
window.getComputedStyle = ((el: Element) => realGetComputedStyle(el)) as typeof window.getComputedStyle;

if (!Element.prototype.scrollTo) Element.prototype.scrollTo = function scrollTo() {};
if (!Element.prototype.scrollIntoView) Element.prototype.scrollIntoView = function scrollIntoView() {};
if (!window.scrollTo) window.scrollTo = () => {};

// The orders table's scroll container has no layout in jsdom: give it a viewport so the
// virtualiser renders rows (only that element; everything else keeps jsdom's zeros).
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight');
const clientWidth = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth');
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    if (this.dataset.virtualScroll) return 600;
    return clientHeight?.get?.call(this) ?? 0;
  },
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    if (this.dataset.virtualScroll) return 1200;
    return clientWidth?.get?.call(this) ?? 0;
  },
});

beforeEach(() => {
  window.localStorage.clear();
  window.location.hash = '';
});

afterEach(() => {
  cleanup();
  resetAppClock(); // a test's fake core clock must not leak into the next test
  delete (window as unknown as { tracker?: unknown }).tracker;
  document.body.innerHTML = '';
});
