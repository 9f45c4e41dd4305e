// What of antd a renderer source uses, read from its text: every antd module it imports (from
// 'antd', 'antd/es/…', 'antd/lib/…', or re-exported by renderer/lib/antd*.ts, under any local
// name), and every static method or hook that renders outside the component tree — the toasts of
// `notification` and `message`, and `modal.confirm` / `Modal.confirm` dialogs — however they are
// reached (`App.useApp()` destructured or not, `useNotification`, `Modal.useModal`, aliases).
// test/unit/antdStaticCss.test.ts checks that the build's static style sheet holds each of them.
import fs from 'node:fs';
import path from 'node:path';

/** A style the static sheet must hold: the antd class it starts with (`ant-<name>`). */
export type AntdUse = string;

/** antd modules whose styles live under another class, or that have none of their own. */
const CLASS_OF_MODULE: Record<string, string | null> = {
  button: 'btn',
  'date-picker': 'picker',
  'config-provider': null,
  theme: null,
  locale: null,
  version: null,
  _util: null,
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&');
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** Local names bound to an antd export, and the antd module each one is: `AntApp` → `app`. */
function antdBindings(source: string, antdReexports: ReadonlySet<string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of source.matchAll(/import\s+(type\s+)?([^;]*?)\s+from\s+['"]([^'"]+)['"]/g)) {
    if (m[1]) continue; // types render nothing
    const clause = m[2]!;
    const from = m[3]!;
    // 'antd/es/tag/style' → tag; 'antd' → undefined (the export's name says the module).
    const direct = /^antd(?:\/(?:es|lib))?(?:\/([\w-]+))?(?:\/|$)/.exec(from);
    const viaLib = /(?:^|\/)lib\/antd(?:Pages)?(?:\.js|\.ts)?$/.test(from);
    if (!direct && !viaLib) continue;
    const module = direct?.[1];
    const def = /^([A-Za-z_$][\w$]*)\s*(?:,|$)/.exec(clause);
    if (def && module) names.set(def[1]!, module);
    const ns = /\*\s+as\s+([A-Za-z_$][\w$]*)/.exec(clause);
    if (ns && !module) for (const n of source.matchAll(new RegExp(`\\b${ns[1]}\\.(\\w+)`, 'g'))) names.set(`${ns[1]}.${n[1]}`, kebab(n[1]!));
    for (const spec of /\{([^}]*)\}/.exec(clause)?.[1]?.split(',') ?? []) {
      if (/^\s*type\s/.test(spec)) continue;
      const [imported, local] = spec.trim().split(/\s+as\s+/).map((x) => x.trim());
      if (!imported) continue;
      if (viaLib && !antdReexports.has(imported)) continue; // a type or a helper of lib/antd.ts
      names.set(local ?? imported, module ?? kebab(imported));
    }
  }
  return names;
}

/** The antd styles one source file needs, by the class they start with. */
export function antdUsesOf(text: string, antdReexports: ReadonlySet<string> = new Set()): Set<AntdUse> {
  const source = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1'); // comments are no use
  const uses = new Set<AntdUse>();
  const bindings = antdBindings(source, antdReexports);
  for (const module of bindings.values()) {
    const top = module.split('/')[0]!;
    const cls = top in CLASS_OF_MODULE ? CLASS_OF_MODULE[top] : top === '*' ? null : top;
    if (cls) uses.add(cls);
  }
  const local = (module: string) => [...bindings].filter(([, m]) => m.split('/')[0] === module).map(([n]) => n);
  const any = (names: string[]) => (names.length ? names.map(escapeRe).join('|') : '(?!)');
  // notification / message: the static objects, their hooks, and what App.useApp() hands out.
  for (const kind of ['notification', 'message'] as const) {
    const statics = any(local(kind));
    const hook = kind === 'notification' ? 'useNotification' : 'useMessage';
    if (
      new RegExp(`\\b(?:${statics})\\.(?:open|info|success|error|warning|loading|${hook})\\b`).test(source) ||
      new RegExp(`\\b${hook}\\s*\\(`).test(source) ||
      fromUseApp(source, kind)
    )
      uses.add(kind);
  }
  // Confirm dialogs: Modal.confirm/info/… (static), modal.confirm from useModal or App.useApp().
  const modals = any(local('modal'));
  if (
    new RegExp(`\\b(?:${modals})\\.(?:confirm|info|success|error|warning|useModal)\\b`).test(source) ||
    /\buseModal\s*\(/.test(source) ||
    fromUseApp(source, 'modal')
  )
    uses.add('modal-confirm');
  return uses;
}

/** `const { notification } = App.useApp()`, `const { message: m } = useApp()`, `App.useApp().modal`. */
function fromUseApp(source: string, key: string): boolean {
  for (const m of source.matchAll(/\{([^{}]*)\}\s*=\s*(?:[\w$]+\.)?useApp\s*\(\s*\)/g)) {
    if (m[1]!.split(',').some((p) => p.split(':')[0]!.trim() === key)) return true;
  }
  if (new RegExp(`useApp\\s*\\(\\s*\\)\\s*\\.\\s*${key}\\b`).test(source)) return true;
  // `const app = App.useApp(); app.notification.open(…)`
  for (const m of source.matchAll(/\b(?:const|let)\s+([\w$]+)\s*=\s*(?:[\w$]+\.)?useApp\s*\(\s*\)/g)) {
    if (new RegExp(`\\b${escapeRe(m[1]!)}\\s*\\.\\s*${key}\\b`).test(source)) return true;
  }
  return false;
}

/** Every `.ts`/`.tsx` file under a folder. */
export function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * What of antd the whole renderer uses, with the files that use each. renderer/lib/antd.ts and
 * antdPages.ts re-export antd's modules: a name imported from them counts as that module.
 * lib/antdStaticCss.tsx (the extraction itself) is left out.
 */
export function rendererAntdUses(rendererDir: string): Map<AntdUse, string[]> {
  const files = sourceFiles(rendererDir).filter((f) => !f.endsWith(path.join('lib', 'antdStaticCss.tsx')));
  const reexports = new Set<string>();
  for (const f of ['antd.ts', 'antdPages.ts']) {
    const text = fs.readFileSync(path.join(rendererDir, 'lib', f), 'utf8');
    for (const m of text.matchAll(/export\s+\{\s*default\s+as\s+(\w+)\s*\}\s+from\s+['"]antd/g)) reexports.add(m[1]!);
  }
  const uses = new Map<AntdUse, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // lib/antd*.ts re-export modules: `export { default as X } from 'antd/es/x'` is a use of x.
    const asImports = text.replace(/export\s+\{\s*default\s+as\s+(\w+)\s*\}\s+from\s+(['"]antd[^'"]*['"])/g, 'import $1 from $2;');
    for (const u of antdUsesOf(asImports, reexports)) uses.set(u, [...(uses.get(u) ?? []), path.relative(rendererDir, file)]);
  }
  return uses;
}
