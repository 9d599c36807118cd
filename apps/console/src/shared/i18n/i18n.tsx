import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { it, type MessageKey, type Messages } from './it';

export type Lang = 'it' | 'en';
const DICTIONARIES: Record<Lang, Messages> = { it, en };
const LOCALES: Record<Lang, string> = { it: 'it-IT', en: 'en-GB' };
/** The API has no per-account time zone yet: Europe/Rome, the platform's default, as in its date filters. */
export const TIME_ZONE = 'Europe/Rome';

type Vars = Record<string, string | number>;

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Vars): string;
  number(n: number): string;
  money(cents: number, currency: string): string;
  dateTime(iso: string): string;
  date(iso: string): string;
}

export function makeI18n(lang: Lang, setLang: (l: Lang) => void): I18n {
  const locale = LOCALES[lang];
  const nf = new Intl.NumberFormat(locale);
  const dtf = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE });
  const df = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: TIME_ZONE });
  const t = (key: MessageKey, vars?: Vars): string =>
    DICTIONARIES[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => {
      const v = vars?.[name];
      return v === undefined ? m : typeof v === 'number' ? nf.format(v) : v;
    });
  return {
    lang,
    setLang,
    t,
    number: (n) => nf.format(n),
    money: (cents, currency) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100),
    dateTime: (iso) => dtf.format(new Date(iso)),
    date: (iso) => df.format(new Date(iso)),
  };
}

const I18nContext = createContext<I18n>(makeI18n('it', () => undefined));

export function I18nProvider({ children, initial = 'it' }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLang] = useState<Lang>(initial);
  const value = useMemo(() => {
    document.documentElement.lang = lang;
    return makeI18n(lang, setLang);
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
