// On Node, as at build time (the server renderer, where antd's portals render nothing).
// The build's static antd style sheet (renderer/lib/antdStaticCss.tsx): every component the app
// uses has its styles in it, under the class hash the app's theme gives at runtime.
import fs from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { antdStaticCss } from '../../renderer/lib/antdStaticCss';
import { Button, ConfigProvider } from '../../renderer/lib/antdPages';
import { antdConfig, antdTheme } from '../../renderer/lib/antdTheme';

/**
 * Every antd component module the renderer imports (lib/antd.ts and lib/antdPages.ts are the only
 * ones that may), as the class prefix of its styles: a component added there and not rendered by
 * the extraction fails here, instead of showing unstyled in the built app only.
 */
const PREFIX: Record<string, string | null> = { button: 'btn', 'date-picker': 'picker', 'config-provider': null, theme: null };
const COMPONENTS = ['antd.ts', 'antdPages.ts'].flatMap((f) =>
  [...fs.readFileSync(path.join(__dirname, '../../renderer/lib', f), 'utf8').matchAll(/^export \{ default as \w+ \} from 'antd\/es\/([\w-]+)';$/gm)]
    .map((m) => m[1] as string)
    .map((mod) => (mod in PREFIX ? PREFIX[mod] : mod))
    .filter((c): c is string => c !== null),
);

describe('antd static style sheet', () => {
  const css = antdStaticCss();

  it('holds the styles of every antd component the app uses', () => {
    expect(COMPONENTS.length).toBeGreaterThanOrEqual(30);
    for (const c of COMPONENTS) expect(css, c).toContain(`.ant-${c}{`);
    expect(css).toContain('.ant-tag.ant-tag-success'); // status colours (sub-styles)
  });

  it('uses the class hash the app theme gives its components', () => {
    const html = renderToString(
      createElement(ConfigProvider, { ...antdConfig, theme: antdTheme }, createElement(Button, null, 'b')),
    );
    const hash = /class="[^"]*\b(css-(?!var)[\w-]+)/.exec(html)?.[1];
    expect(hash).toBeTruthy();
    expect(css).toContain(`:where(.${hash}).ant-btn{`);
  });
});
