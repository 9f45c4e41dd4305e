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
// jsdom also gives a border width as its keyword (`medium`) where a browser gives the computed
// length: 0px when the border's style is none, else thin/medium/thick as 1/3/5px. antd's auto-sized
// TextArea reads parseFloat('medium') = NaN and React warns "`NaN` is an invalid value for the
// `height` css style property". Answer as a browser does.
const realGetComputedStyle = window.getComputedStyle.bind(window);
const BORDER_WIDTH = /^border-(top|bottom|left|right)-width$/;
const KEYWORD_PX: Record<string, string> = { thin: '1px', medium: '3px', thick: '5px' };
window.getComputedStyle = ((el: Element) => {
  const style = realGetComputedStyle(el);
  const getPropertyValue = style.getPropertyValue.bind(style);
  style.getPropertyValue = (name: string) => {
    const value = getPropertyValue(name);
    const side = BORDER_WIDTH.exec(name)?.[1];
    if (!side) return value;
    const borderStyle = getPropertyValue(`border-${side}-style`);
    if (borderStyle === '' || borderStyle === 'none' || borderStyle === 'hidden') return '0px';
    return KEYWORD_PX[value] ?? value;
  };
  return style;
}) as typeof window.getComputedStyle;

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
