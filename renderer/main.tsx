// First: the query cache and the first page's requests (boot.ts), before the UI's code is set up.
import { FIRST_ANSWERS_WAIT_MS, firstAnswers, queryClient, releaseBootQueries, settleRootRoute } from './boot';
import { StrictMode, startTransition, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { Root } from './App';
import { afterNextPaint } from './lib/afterPaint';
import { parseHash } from './lib/router';

/**
 * The built app's antd styles for the pages loaded on demand (vite.config.mts links them with
 * media="print", so they neither block nor slow the first paint): on, once the first render is in.
 * A page loaded on demand renders after this, as its code is fetched after the first commit.
 */
function applyOnDemandStyles(): void {
  document.getElementById('antd-on-demand-css')?.setAttribute('media', 'all');
}

/**
 * The app; once its first render has committed (every page's effects have run), boot lets go.
 * On the Orders list the on-demand styles wait until its first frame is painted: switched on in
 * the commit, their ~430 kB of rules were matched in that frame's style pass, before the first
 * row. Elsewhere (a page loaded on demand, the order's drawer) they are switched on at once.
 */
function Main() {
  useEffect(() => {
    releaseBootQueries();
    document.getElementById('font-warmup')?.remove();
    const route = parseHash(window.location.hash);
    if (route.name === 'orders' && route.orderId === null) return afterNextPaint(applyOnDemandStyles);
    applyOnDemandStyles();
    return undefined;
  }, []);
  return <Root queryClient={queryClient} />;
}

/**
 * The first render as a transition: React renders it in slices of a few milliseconds, yielding to
 * the browser between them, instead of in one task (a first render outside a transition is never
 * sliced: it was one task of ~500 ms on a busy 2-core machine, the page frozen while loading).
 */
function render(el: HTMLElement): void {
  const root = createRoot(el);
  startTransition(() =>
    root.render(
      <StrictMode>
        <Main />
      </StrictMode>,
    ),
  );
}

const el = document.getElementById('root');
if (el) {
  // Render once the first page's answers are in, so it is shown in one go — usually at once,
  // as they were asked for while this code was loading; never later than FIRST_ANSWERS_WAIT_MS.
  let done = false;
  const go = () => {
    if (done) return;
    done = true;
    settleRootRoute();
    render(el);
  };
  void firstAnswers.then(go);
  setTimeout(go, FIRST_ANSWERS_WAIT_MS);
}
