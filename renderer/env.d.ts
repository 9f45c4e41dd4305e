// Side-effect imports Vite handles (stylesheets).
declare module '*.css';
