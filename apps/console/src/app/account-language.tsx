import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api, call } from '../shared/api/client';
import { useI18n } from '../shared/i18n/i18n';

/** Once per login, the console takes the account's `language`; the switch in the header wins after. */
export function useAccountLanguage(): void {
  const { setLang } = useI18n();
  const applied = useRef(false);
  const contact = useQuery({ queryKey: ['contact'], queryFn: () => call(api.GET('/api/v1/account/contact')) });
  const language = contact.data?.language;
  useEffect(() => {
    if (applied.current || !language) return;
    applied.current = true;
    setLang(language);
  }, [language, setLang]);
}
