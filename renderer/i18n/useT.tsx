// The app's ONE react-i18next subscription, shared through a context.
//
// `useTranslation` is not cheap per mount: react-i18next copies the i18next instance (every own
// property descriptor) for each component that calls it, builds a fixed `t` and binds listeners.
// In a list (the orders table mounts ~25 rows per frame while the clerk scrolls, each with ids,
// a status tag and two relative times) that was the largest single cost. Components that are
// rendered many times read this context instead: one `useTranslation` at the top of the tree,
// a new value (so a re-render) when the language changes, and labels without interpolation
// memoised per language.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParseKeys } from 'i18next';
import { i18n, type Language } from './index';

export type TFn = ReturnType<typeof useTranslation>['t'];
/** A translation key with no interpolation needed (anything `t` accepts as its only argument). */
export type LabelKey = ParseKeys<'translation'>;

export interface Translator {
  t: TFn;
  lang: Language;
  /** `t(key)` memoised for the current language (labels, titles: no interpolation). */
  label: (key: LabelKey) => string;
  /** `t(key, { count })` memoised for the current language ("另有 2 个包裹"). */
  counted: (key: LabelKey, count: number) => string;
}

function makeTranslator(t: TFn, lang: Language): Translator {
  const cache = new Map<string, string>();
  // The keys are checked at the call sites (LabelKey); here any key is just a string.
  const plain = t as unknown as (key: string, options?: { count: number }) => string;
  const memo = (id: string, make: () => string) => {
    let v = cache.get(id);
    if (v === undefined) {
      v = make();
      cache.set(id, v);
    }
    return v;
  };
  return {
    t,
    lang,
    label: (key) => memo(key, () => String(plain(key))),
    counted: (key, count) => memo(`${key}\u0000${count}`, () => String(plain(key, { count }))),
  };
}

const TranslatorContext = createContext<Translator | null>(null);

/** Mount once, inside I18nextProvider: the one `useTranslation` the light components share. */
export function TranslatorProvider({ children }: { children: ReactNode }) {
  const { t, i18n: inst } = useTranslation();
  const lang: Language = inst.language === 'en' ? 'en' : 'zh-CN';
  const value = useMemo(() => makeTranslator(t, lang), [t, lang]);
  return <TranslatorContext.Provider value={value}>{children}</TranslatorContext.Provider>;
}

let fallback: Translator | null = null;

/**
 * The shared translator. Outside a TranslatorProvider (a component rendered on its own) it falls
 * back to the i18next instance as it is now, without following language changes.
 */
export function useT(): Translator {
  const ctx = useContext(TranslatorContext);
  if (ctx) return ctx;
  const lang: Language = i18n.language === 'en' ? 'en' : 'zh-CN';
  if (!fallback || fallback.lang !== lang) fallback = makeTranslator(i18n.getFixedT(lang) as TFn, lang);
  return fallback;
}
