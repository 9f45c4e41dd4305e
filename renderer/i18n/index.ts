// i18next with the two UI languages. zh-CN is the default; the clerk's choice is the
// `language` setting (and remembered locally so the first paint is already right).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN, type Resources } from './zh-CN';
import { en } from './en';

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resources };
  }
}

const STORAGE_KEY = 'tracker.language';

function storedLanguage(): Language {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: ['zh-CN', 'en'],
  interpolation: { escapeValue: false }, // React escapes; nothing is ever set as HTML
  returnNull: false,
  initAsync: false,
  react: { useSuspense: false },
});

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export function rememberLanguage(lng: Language): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  } catch {
    // private mode or storage disabled: the setting on the server still holds it
  }
}
