// The layer rules of docs/ARCHITECTURE.md, checked on every import, export-from, import() and require().
// A local rule (not a regex list) so relative imports are judged by the folder they land in.
'use strict';
const path = require('node:path');
const { builtinModules } = require('node:module');

const ROOT = path.resolve(__dirname, '..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const UI_PACKAGES = /^(react|react-dom|antd|@ant-design\/|@tanstack\/react-|react-i18next|i18next)/;
const NATIVE_PACKAGES = /^(better-sqlite3|electron)(\/|$)/;

function layerOf(absFile) {
  const rel = path.relative(ROOT, absFile).split(path.sep).join('/');
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('electron/core/')) return 'core';
  if (rel.startsWith('electron/')) return 'shell';
  return 'other';
}

function problemFor(fileLayer, spec, absFile) {
  const relative = spec.startsWith('.') || spec.startsWith('/');
  if (relative) {
    const target = layerOf(path.resolve(path.dirname(absFile), spec));
    if (fileLayer === 'shared' && target !== 'shared') return `shared/ may import only shared/ (got ${spec})`;
    if (fileLayer === 'renderer' && target !== 'renderer' && target !== 'shared')
      return `renderer/ may import only renderer/ and shared/ (got ${spec})`;
    if (fileLayer === 'core' && (target === 'shell' || target === 'renderer'))
      return `electron/core may not import the Electron shell or the renderer (got ${spec})`;
    if (fileLayer === 'shell' && target === 'renderer') return `the Electron shell may not import renderer/ (got ${spec})`;
    return null;
  }
  if (fileLayer === 'core' && /^electron(\/|$)/.test(spec))
    return "electron/core must never import 'electron': add a port in electron/core/ports.ts";
  if (fileLayer === 'core' && UI_PACKAGES.test(spec)) return `electron/core may not import UI packages (got ${spec})`;
  if (fileLayer === 'renderer' && (NODE_BUILTINS.has(spec) || spec.startsWith('node:') || NATIVE_PACKAGES.test(spec)))
    return `renderer/ may import only shared/ and browser packages (got ${spec})`;
  if (fileLayer === 'shared' && spec !== 'zod') return `shared/ is pure TypeScript: only zod may be imported (got ${spec})`;
  return null;
}

const boundaries = {
  meta: { type: 'problem', docs: { description: 'Enforce the process/layer boundaries' }, schema: [] },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const fileLayer = layerOf(path.resolve(file));
    if (fileLayer === 'other') return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const message = problemFor(fileLayer, source.value, path.resolve(file));
      if (message) context.report({ node, message });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source),
      ExportNamedDeclaration: (n) => check(n, n.source),
      ExportAllDeclaration: (n) => check(n, n.source),
      ImportExpression: (n) => check(n, n.source),
      CallExpression: (n) => {
        if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments[0]?.type === 'Literal')
          check(n, n.arguments[0]);
      },
    };
  },
};

module.exports = { rules: { boundaries }, layerOf };
