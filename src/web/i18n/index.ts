import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
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

/** The i18next instance of the web app; zh-CN is the default, English the second locale. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');

/** Switches the UI language and remembers it in localStorage. */
export function changeLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private browsing may refuse storage; the switch still applies to this tab.
  }
  dayjs.locale(language === 'en' ? 'en' : 'zh-cn');
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}
