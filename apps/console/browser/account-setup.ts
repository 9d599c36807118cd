import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { baseUrl } from './support';

export const unique = (): string => randomBytes(4).toString('hex');

export interface Owner {
  email: string;
  password: string;
  token: string;
}

/**
 * What the seed walk does by clicking (spec account-walk), done over the API for specs that
 * are about other screens: sign up, log in, billing details, and `credits` bought and paid.
 */
export async function ownerWithCredits(request: APIRequestContext, credits: number): Promise<Owner> {
  const email = `titolare.${unique()}@example.com`;
  const password = 'correct horse battery';
  const api = (p: string) => `${baseUrl()}/api/v1${p}`;
  expect(
    (
      await request.post(api('/auth/signup'), { data: { email, password, firstName: 'Anna', lastName: 'Rossi' } })
    ).status(),
  ).toBe(201);
  const login = await request.post(api('/auth/login'), { data: { email, password } });
  expect(login.status()).toBe(200);
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const headers = { authorization: `Bearer ${token}` };
  const billing = await request.put(api('/account/billing'), {
    headers,
    data: {
      company: 'Fiori di Sanremo S.r.l.',
      firstName: 'Anna',
      lastName: 'Rossi',
      address: 'Corso Matteotti 1',
      postalCode: '18038',
      city: 'Sanremo',
      country: 'IT',
    },
  });
  expect(billing.status()).toBe(200);
  const purchase = await request.post(api('/purchases'), {
    headers: { ...headers, 'idempotency-key': randomUUID() },
    data: { smsCount: credits },
  });
  expect(purchase.status()).toBeLessThan(300);
  const invoice = (await purchase.json()) as { id: string };
  const paid = await request.post(api(`/invoices/${invoice.id}/pay`), {
    headers: { ...headers, 'idempotency-key': randomUUID() },
  });
  expect(paid.status()).toBeLessThan(300);
  await expect(async () => {
    const balance = (await (await request.get(api('/account/balance'), { headers })).json()) as { credits: number };
    expect(balance.credits).toBe(credits);
  }).toPass({ timeout: 30_000 });
  return { email, password, token };
}

interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** The mails the stack's SMTP server caught for `address` (browser/global-setup.ts writes them to MAIL_LOG). */
export function mailsTo(address: string): Mail[] {
  const file = process.env.MAIL_LOG;
  if (!file) throw new Error('MAIL_LOG not set: run through apps/console/browser/playwright.config.ts');
  return (JSON.parse(readFileSync(file, 'utf8')) as Mail[]).filter((m) => m.to.includes(address));
}

export async function logIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl()}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.getByTestId('balance')).toBeVisible();
}

export async function menu(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu principale' }).getByRole('link', { name, exact: true }).click();
}
