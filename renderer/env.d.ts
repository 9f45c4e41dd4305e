// Side-effect imports Vite handles (stylesheets).
declare module '*.css';

/** Builds only (vite.config.mts `define`): antd's component styles are a static style sheet. Unset elsewhere. */
declare const __ANTD_STATIC_CSS__: boolean | undefined;
