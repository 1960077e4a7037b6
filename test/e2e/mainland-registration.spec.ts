import { test, expect } from '@playwright/test';
import { closeOpenedPages, phonePage, pickRegion, shot, tr } from './support.ts';

// A page left open keeps rendering in the shared browser and slows every later journey.
test.afterEach(closeOpenedPages);

/**
 * A mainland resident registers with their ID card (verified against the registry at once)
 * and logs in — in Simplified Chinese, at phone size.
 */
test('a mainland resident registers with an ID card and logs in', async ({ browser, baseURL, request }) => {
  const lang = 'zh-CN' as const;
  const r = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen-registration:${key}`, p);
  const page = await phonePage(browser, lang, baseURL);

  await page.goto('/login');
  await page.getByRole('link', { name: tr(lang, 'citizen:login.register') }).click();
  await expect(page).toHaveURL(/\/register/);
  await page.getByRole('radio', { name: r('docTypes.cn_id.name') }).check();
  await page.getByRole('button', { name: r('docTypeStep.next') }).click();

  // A lower-case x is accepted; the number is registered upper-cased.
  await page.getByLabel(r('details.docNumber.label')).fill('440304199205141822');
  // Typed in Traditional characters: the server refuses it and offers the Simplified form.
  await page.getByLabel(r('details.name.label'), { exact: true }).fill('陳靜');
  await page.getByLabel(r('details.phone.label')).fill('138 0000 0004');
  await pickRegion(page, '广东省', '深圳市');
  // A guessable password is refused before anything is sent.
  await page.getByLabel(r('details.password.label')).fill('password1');
  await expect(page.getByText(r('details.password.tooWeak'))).toBeVisible();
  await page.getByLabel(r('details.password.label')).fill('river lantern orchard 42');
  await page.getByLabel(r('details.confirm.label')).fill('river lantern orchard 42');
  await page.getByRole('checkbox', { name: /服务协议/ }).check();
  await page.getByRole('button', { name: r('details.submit'), exact: true }).click();
  const useSimplified = page.getByRole('button', { name: r('details.name.useAria', { name: '陈静' }) });
  await expect(useSimplified).toBeVisible();
  await shot(page, 'citizen-register-simplified-name-zh-CN');
  await useSimplified.click();
  await expect(page.getByLabel(r('details.name.label'), { exact: true })).toHaveValue('陈静');
  // Nothing else typed was lost.
  await expect(page.getByLabel(r('details.confirm.label'))).toHaveValue('river lantern orchard 42');
  await page.getByRole('button', { name: r('details.submit'), exact: true }).click();

  await expect(page.getByText(r('result.activeTitle'))).toBeVisible();
  await shot(page, 'citizen-register-active-zh-CN');
  await page.getByRole('button', { name: r('result.login') }).click();

  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel(tr(lang, 'citizen:login.login'))).toHaveValue('13800000004');
  await page.getByLabel(tr(lang, 'citizen:login.password'), { exact: true }).fill('river lantern orchard 42');
  await page.getByRole('button', { name: tr(lang, 'citizen:login.submit'), exact: true }).click();
  await expect(page.getByText(tr(lang, 'citizen:home.greeting', { name: '' }).trim(), { exact: false })).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
  await shot(page, 'citizen-home-zh-CN');

  // The same identity cannot register twice.
  const again = await request.post('/api/v1/accounts', {
    data: { docType: 'cn_id', docNumber: '440304199205141822', name: '陈静', phone: '13900000004', regionCode: '440300', password: 'another long pass phrase', agreedToTerms: true },
  });
  expect(again.status()).toBe(409);
  expect((await again.json()).code).toBe('doc_taken');
});
