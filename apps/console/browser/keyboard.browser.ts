import { expect, test, type Locator, type Page } from '@playwright/test';
import { acceptNextDialog, baseUrl, checkScreen } from './support';
import { ownerWithCredits } from './account-setup';

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking at every stop in the page
 * that the focused element shows a visible focus indicator (an outline of some width, or a box
 * shadow); the document itself is a stop when the focus enters the page from the browser.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    // A string: this tsconfig has no DOM types; it runs in the page.
    const visible = await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'ok';  // between the page and the browser's own stops
      const s = getComputedStyle(el);
      const outlined = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      return outlined || s.boxShadow !== 'none' ? 'ok' : 'no visible focus on ' + el.outerHTML.slice(0, 120);
    })()`);
    expect(visible).toBe('ok');
    const reached = await expect(target)
      .toBeFocused({ timeout: 200 })
      .then(
        () => true,
        () => false,
      );
    if (reached) return;
  }
  throw new Error(`could not reach ${target.toString()} with the keyboard`);
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name, exact: true });

// The main flow with the keyboard only (Tab, Shift+Tab, Enter, Space and typing): log in, buy
// credits and pay, send an SMS. Native confirmation dialogs are accepted by the test (Enter
// on them cannot be sent through CDP); everything on the page is reached and pressed by keys.
test('log in, buy credits, send an SMS: keyboard only, focus always visible', async ({ page, request }) => {
  const owner = await ownerWithCredits(request, 100);
  await page.goto(`${baseUrl()}/login`);
  await expect(page.getByLabel('E-mail')).toBeVisible();

  await test.step('log in', async () => {
    await tabTo(page, page.getByLabel('E-mail'));
    await page.keyboard.type(owner.email);
    await tabTo(page, page.getByLabel('Password'));
    await page.keyboard.type(owner.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('balance')).toHaveText('100 crediti');
  });

  await test.step('the skip link leads to the content', async () => {
    await tabTo(page, page.getByRole('link', { name: 'Vai al contenuto' }));
    await expect(page.getByRole('link', { name: 'Vai al contenuto' })).toBeInViewport();
  });

  let invoice = '';
  await test.step('buy credits and pay the invoice', async () => {
    await tabTo(page, nav(page, 'Fatture e acquisti'));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Fatture e acquisti' })).toBeFocused();
    await tabTo(page, page.getByLabel('Numero di SMS da acquistare'));
    await page.keyboard.type('200');
    const asked = acceptNextDialog(page, /fattura per 200 SMS/);
    await page.keyboard.press('Enter');
    await asked;
    const ordered = page.getByRole('status');
    await expect(ordered).toContainText('emessa');
    invoice = /Fattura (\S+) emessa/.exec((await ordered.textContent()) ?? '')?.[1] ?? '';
    const pay = page.getByRole('button', { name: `Paga la fattura ${invoice}` });
    await tabTo(page, pay);
    const paid = acceptNextDialog(page, new RegExp(`Pagare la fattura ${invoice}`));
    await page.keyboard.press('Space');
    await paid;
    await expect(page.getByTestId(`invoice-${invoice}`)).toContainText('Pagata');
  });

  await test.step('send an SMS', async () => {
    await tabTo(page, nav(page, 'Invia SMS'), { back: true });
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await tabTo(page, page.getByLabel('Destinatari (uno per riga, formato +39…)'));
    await page.keyboard.type('+393331234500');
    await tabTo(page, page.getByLabel('Testo del messaggio'));
    await page.keyboard.type('Ordine pronto in negozio');
    await expect(page.getByTestId('counter')).toHaveText(
      '24 caratteri · 1 segmenti (GSM-7) · 1 destinatari · 1 crediti',
    );
    await tabTo(page, page.getByRole('button', { name: 'Invia' }));
    const asked = acceptNextDialog(page, /1 destinatari per 1 crediti/);
    await page.keyboard.press('Enter');
    await asked;
    await expect(page.getByTestId('sent-credits')).toHaveText('1');
    await checkScreen(page, '22-tastiera-invio');
  });

  await test.step('the balance shows it all', async () => {
    await tabTo(page, nav(page, 'Home'), { back: true });
    await page.keyboard.press('Enter');
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('balance')).toHaveText('299 crediti', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
  });
});
