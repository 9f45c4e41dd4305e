// On Node, as at build time (the server renderer, where antd's portals render nothing).
// The build's static antd style sheet (renderer/lib/antdStaticCss.tsx): every antd component,
// toast and dialog the renderer uses — found in its sources however imported or reached
// (test/helpers/antdUsage.ts) — has its styles in it, under the class hash the app's theme gives.
import path from 'node:path';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { antdStaticCss, antdStaticCssSplit, cssBlocks } from '../../renderer/lib/antdStaticCss';
import { antdUsesOf, rendererAntdUses } from '../helpers/antdUsage';
import { Button, ConfigProvider } from '../../renderer/lib/antdPages';
import { antdConfig, antdTheme } from '../../renderer/lib/antdTheme';

const RENDERER = path.join(__dirname, '../../renderer');

/** Is the style of this antd class in the sheet: its own rule, or a rule scoped under it. */
const hasStyle = (css: string, cls: string) => css.includes(`.ant-${cls}{`) || css.includes(`.ant-${cls} .ant-`) || css.includes(`.ant-${cls}.ant-`);

describe('antd static style sheet', () => {
  const css = antdStaticCss();

  it('holds the styles of every antd component and toast the renderer uses, however it is imported', () => {
    const uses = rendererAntdUses(RENDERER);
    expect(uses.size).toBeGreaterThanOrEqual(30);
    // The toasts of App.useApp() (App.tsx's notification, the copy/refresh messages): what the
    // sheet once missed, so a sync's notification showed with its title over its body.
    expect(uses.get('notification')).toContain('App.tsx');
    expect(uses.get('message')).toContain(path.join('components', 'IdText.tsx'));
    const missing = [...uses].filter(([cls]) => !hasStyle(css, cls)).map(([cls, files]) => `ant-${cls} (${files.join(', ')})`);
    expect(missing, 'antd styles the build leaves out: render these in renderer/lib/antdStaticCss.tsx').toEqual([]);
    expect(css).toContain('.ant-tag.ant-tag-success'); // status colours (sub-styles)
  });

  it('finds antd however a file reaches it', () => {
    const lib = new Set(['App', 'Modal', 'Button', 'DatePicker']);
    const uses = (src: string) => [...antdUsesOf(src, lib)].sort();
    expect(uses("import { App as AntApp } from '../lib/antd';\nconst { notification } = AntApp.useApp();")).toEqual(['app', 'notification']);
    expect(uses("import { App } from './lib/antdPages.js';\nconst { message: toast, modal } = App.useApp();")).toEqual(['app', 'message', 'modal-confirm']);
    expect(uses("import { App } from '../lib/antd';\nconst app = App.useApp();\napp.notification.open({});")).toEqual(['app', 'notification']);
    expect(uses("import Modal from 'antd/es/modal';\nModal.confirm({ title: 'x' });")).toEqual(['modal', 'modal-confirm']);
    expect(uses("import { message as m, DatePicker } from 'antd';\nm.info('x');")).toEqual(['message', 'picker']);
    expect(uses("import * as antd from 'antd';\nantd.notification.warning({});")).toEqual(['notification']);
    expect(uses("import useTagStyle from 'antd/es/tag/style';\nimport type { InputRef } from 'antd/es/input';")).toEqual(['tag']);
    expect(uses("import { Modal } from '../lib/antd';\nconst [modal, holder] = Modal.useModal();")).toEqual(['modal', 'modal-confirm']);
    expect(uses("import { safeText } from '../lib/safeText';\nconst message = 'x'; message.length;")).toEqual([]);
  });

  it('fails for a used toast whose styles the sheet lacks', () => {
    const uses = antdUsesOf("import { App } from '../lib/antd';\nconst { notification } = App.useApp();", new Set(['App']));
    const withoutToasts = css.replace(/\.ant-notification/g, '.x-notification');
    expect([...uses].filter((cls) => !hasStyle(withoutToasts, cls))).toEqual(['notification']);
  });

  it('splits into the first screen’s sheet and the on-demand pages’ sheet, together exactly the whole', () => {
    const { firstScreen, onDemand } = antdStaticCssSplit();
    const whole = cssBlocks(css);
    expect([...cssBlocks(firstScreen), ...cssBlocks(onDemand)].sort()).toEqual([...whole].sort());
    // The frame, the Orders page, the drawer and the toasts paint from the first sheet …
    for (const c of ['layout', 'menu', 'tabs', 'input', 'tag', 'drawer', 'timeline', 'notification', 'message']) expect(hasStyle(firstScreen, c), c).toBe(true);
    // … the tables, forms and pickers of the pages loaded on demand come later.
    for (const c of ['table', 'form', 'picker', 'upload', 'result']) expect(hasStyle(firstScreen, c), c).toBe(false);
    expect(firstScreen.length).toBeLessThan(css.length * 0.6);
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
