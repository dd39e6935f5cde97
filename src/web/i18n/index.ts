import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN';

export type Language = 'zh-CN' | 'en';

const STORAGE_KEY = 'jiceng.language';

function storedLanguage(): Language {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/**
 * The i18next instance of the web app; zh-CN is the default, English the second locale. Only the
 * core Chinese text ships with the first screen: the modules' text comes with their pages
 * (`loadModuleMessages`), and the English catalogue, whole, when English is chosen (`loadLanguage`,
 * which main.tsx awaits before the first render when English was stored).
 */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

dayjs.locale('zh-cn');

let moduleMessages: Promise<void> | null = null;

/**
 * Adds every module's Chinese text to the catalogue (once): module pages await it before they render
 * (`modulePage`), so the first screen carries only the core text.
 */
export function loadModuleMessages(): Promise<void> {
  moduleMessages ??= import('./modules.zh').then(({ moduleMessagesZh }) => {
    i18n.addResourceBundle('zh-CN', 'translation', moduleMessagesZh, true, false);
  });
  return moduleMessages;
}

/** Makes `language` the UI language, downloading its text first if it is not loaded yet. */
export async function loadLanguage(language: Language): Promise<void> {
  if (!i18n.hasResourceBundle(language, 'translation')) {
    const { en } = await import('./en');
    i18n.addResourceBundle('en', 'translation', en);
  }
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = language;
  await i18n.changeLanguage(language);
}

/** The language stored by an earlier visit, applied (before the first render, see main.tsx). */
export function loadStoredLanguage(): Promise<void> {
  const language = storedLanguage();
  return language === 'zh-CN' ? Promise.resolve() : loadLanguage(language);
}

/** Switches the UI language and remembers it in localStorage. */
export function changeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the switch still applies to this tab.
  }
  void loadLanguage(language);
}
