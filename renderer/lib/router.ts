// A tiny hash router: #/orders, #/orders/:orderId, #/alerts, #/add, #/erp, #/arrivals, #/suppliers,
// #/intransit, #/settings, #/welcome.
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'root' }
  | { name: 'orders'; orderId: string | null }
  | { name: 'alerts' }
  | { name: 'add' }
  | { name: 'erp' }
  | { name: 'arrivals' }
  | { name: 'suppliers' }
  | { name: 'intransit' }
  | { name: 'settings' }
  | { name: 'welcome' }
  | { name: 'notFound' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const [first, second] = parts;
  if (parts.length === 0) return { name: 'root' };
  if (first === 'orders' && parts.length === 1) return { name: 'orders', orderId: null };
  if (first === 'orders' && parts.length === 2 && second) return { name: 'orders', orderId: second };
  if (parts.length === 1 && (first === 'alerts' || first === 'add' || first === 'erp' || first === 'settings' || first === 'welcome'))
    return { name: first };
  if (parts.length === 1 && (first === 'arrivals' || first === 'suppliers' || first === 'intransit')) return { name: first };
  return { name: 'notFound' };
}

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

const getHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, getHash);
  return parseHash(hash);
}

export const paths = {
  orders: '/orders',
  order: (orderId: string) => `/orders/${encodeURIComponent(orderId)}`,
  alerts: '/alerts',
  add: '/add',
  erp: '/erp',
  arrivals: '/arrivals',
  suppliers: '/suppliers',
  intransit: '/intransit',
  settings: '/settings',
  welcome: '/welcome',
};

/** Go to a path ("/orders/123"). `replace` keeps the back button sensible for redirects. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const target = `#${path}`;
  if (window.location.hash === target) return;
  if (options.replace) {
    const url = `${window.location.pathname}${window.location.search}${target}`;
    window.history.replaceState(window.history.state, '', url);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = target;
  }
}
