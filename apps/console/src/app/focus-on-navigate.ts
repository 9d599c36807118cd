import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After a client-side navigation, focus moves to the new page's heading (else to <main>), so
 * keyboard and screen-reader users start at the content, and the tab title names the page.
 * The first render keeps the browser's own focus (a fresh load starts at the top).
 */
export function useFocusOnNavigate(appTitle: string): void {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    const main = document.getElementById('main');
    const heading = main?.querySelector<HTMLElement>('h1') ?? null;
    document.title = heading?.textContent ? `${heading.textContent} · ${appTitle}` : appTitle;
    if (first.current) {
      first.current = false;
      return;
    }
    if (heading) {
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
    } else main?.focus();
  }, [pathname, appTitle]);
}
