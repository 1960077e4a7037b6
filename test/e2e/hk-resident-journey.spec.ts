import { test, expect } from '@playwright/test';
import { closeOpenedPages, consolePage, documentPhoto, drawGesture, phonePage, pickRegion, shot, tr, waitForSms, type Lang } from './support.ts';

// A page left open keeps rendering in the shared browser and slows every later journey.
test.afterEach(closeOpenedPages);

/**
 * The journey the old system made hard for Hong Kong residents, end to end: registration with
 * a Hong Kong identity card (typed with full-width brackets), a document photo, a reviewer's
 * approval in the console, the SMS, login, a gesture set and used, and account deletion —
 * once in Simplified and once in Traditional Chinese, each with its own demo identity.
 */
const journeys: Array<{ lang: Lang; name: string; typed: string; normalised: string; phone: string; city: [string, string] }> = [
  { lang: 'zh-CN', name: '梁嘉欣', typed: 'Y234567（4）', normalised: 'Y234567(4)', phone: '13800000011', city: ['广东省', '深圳市'] },
  { lang: 'zh-HK', name: '何家豪', typed: 'Z3456782', normalised: 'Z345678(2)', phone: '13800000012', city: ['广东省', '珠海市'] },
];

for (const j of journeys) {
  test(`a Hong Kong resident registers, is approved, uses a gesture and deletes the account (${j.lang})`, async ({ browser, baseURL, request }) => {
    const { lang } = j;
    const r = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen-registration:${key}`, p);
    const c = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen:${key}`, p);
    const k = (key: string, p?: Record<string, string | number>) => tr(lang, `console:${key}`, p);
    const password = 'harbour ferry lantern 88';
    const page = await phonePage(browser, lang, baseURL);

    // Registration: the document the licence was issued under, its number normalised in view.
    await page.goto('/register');
    await page.getByRole('radio', { name: r('docTypes.hk_id.name') }).check();
    await page.getByRole('button', { name: r('docTypeStep.next') }).click();
    await page.getByLabel(r('details.docNumber.label')).fill(j.typed);
    await expect(page.getByText(r('details.docNumber.willRegisterAs', { value: j.normalised }))).toBeVisible();
    await page.getByLabel(r('details.name.label'), { exact: true }).fill(j.name);
    await page.getByLabel(r('details.phone.label')).fill(j.phone);
    await pickRegion(page, ...j.city);
    await page.getByLabel(r('details.password.label')).fill(password);
    await page.getByLabel(r('details.confirm.label')).fill(password);
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: r('details.submit'), exact: true }).click();

    // Manual review: a photo of the document, uploaded with the registration's token.
    await expect(page.getByRole('heading', { name: r('photo.heading') })).toBeVisible();
    const slot = r('photo.slots.front');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: r('photo.chooseAria', { slot }) }).click();
    await (await chooser).setFiles({ name: 'hkid-front.jpg', mimeType: 'image/jpeg', buffer: await documentPhoto(j.name, j.normalised) });
    await expect(page.getByText(r('photo.uploaded')).first()).toBeVisible();
    await shot(page, `citizen-register-photo-${lang}`);
    await page.getByRole('button', { name: r('photo.submit') }).click();
    await expect(page.getByText(c('pending.title'))).toBeVisible();
    await shot(page, `citizen-pending-${lang}`);

    // Until a reviewer decides, the account cannot log in.
    const early = await request.post('/api/v1/sessions', { data: { login: j.phone, password } });
    expect(early.status()).toBe(403);
    expect((await early.json()).code).toBe('account_pending_review');

    // A reviewer approves in the console.
    const staff = await consolePage(browser, lang, baseURL);
    await staff.goto('/console');
    await staff.getByLabel(k('login.username')).fill('reviewer');
    await staff.getByLabel(k('login.password')).fill('Reviewer#2026');
    await staff.getByRole('button', { name: k('login.submit') }).click();
    await staff.getByRole('link', { name: j.name }).click();
    await expect(staff.getByText(j.name).first()).toBeVisible();
    await expect(staff.getByRole('img', { name: k('reviews.photoAlt', { n: 1 }) })).toBeVisible();
    await expect(staff.getByText(k('reviews.registryMatch.match'))).toBeVisible();
    // The whole number, to compare with the photo, only on request (audited).
    await staff.getByRole('button', { name: k('reviews.revealNumber') }).click();
    await expect(staff.getByText(j.normalised, { exact: true })).toBeVisible();
    await shot(staff, `console-review-${lang}`);
    await staff.getByRole('button', { name: k('reviews.approve') }).click();
    await staff.getByRole('dialog').getByRole('button', { name: k('reviews.approve') }).click();
    await expect(staff.getByText(k('reviews.approved'))).toBeVisible();
    await staff.context().close();

    // The result arrives by SMS.
    const sms = await waitForSms(request, j.phone, 'review_result');
    expect(sms.text.length).toBeGreaterThan(10);

    // Login with the document number, as typed on the card.
    await page.goto('/login');
    await page.getByLabel(c('login.login')).fill(j.normalised);
    await page.getByLabel(c('login.password'), { exact: true }).fill(password);
    await page.getByRole('button', { name: c('login.submit'), exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('link', { name: c('home.services.security') })).toBeVisible();
    await shot(page, `citizen-home-${lang}`);

    // Gesture: draw twice to set it.
    await page.getByRole('link', { name: c('home.services.security') }).click();
    await page.getByRole('switch', { name: c('security.gesture') }).click();
    await expect(page).toHaveURL(/\/me\/security\/gesture/);
    const pattern = [0, 1, 2, 4, 6];
    await drawGesture(page, lang, pattern);
    await drawGesture(page, lang, pattern);
    await expect(page.getByText(c('gestureSetup.saved'))).toBeVisible();

    // Log out, then unlock with the gesture.
    await page.goto('/me/security');
    await page.getByRole('button', { name: c('security.logout') }).click();
    await page.getByRole('dialog').getByRole('button', { name: c('security.logout') }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.getByRole('button', { name: c('login.useGesture') }).click();
    await expect(page).toHaveURL(/\/unlock/);
    await shot(page, `citizen-unlock-${lang}`);
    await drawGesture(page, lang, pattern);
    await expect(page).toHaveURL(/\/$/);

    // Delete the account with a reason and an SMS code.
    await page.goto('/me/security/delete');
    await page.getByRole('button', { name: new RegExp(c('deleteAccount.reason')) }).first().click();
    await page.getByText(c('deleteAccount.reasons.no_longer_needed'), { exact: true }).dispatchEvent('click');
    await page.waitForTimeout(300);
    await page.locator('.adm-picker-header-button').last().click();
    await page.getByRole('button', { name: c('deleteAccount.getCode') }).click();
    const codeSms = await waitForSms(request, j.phone, 'delete_account');
    expect(codeSms.code).toMatch(/^\d{6}$/);
    await page.getByLabel(c('deleteAccount.code')).fill(codeSms.code!);
    await shot(page, `citizen-delete-account-${lang}`);
    await page.getByRole('button', { name: c('deleteAccount.submit') }).last().click();
    await page.getByRole('dialog').getByRole('button', { name: c('deleteAccount.confirm') }).click();
    await expect(page.getByText(c('accountDeleted.title'), { exact: true })).toBeVisible();
    await shot(page, `citizen-account-deleted-${lang}`);

    // The account is gone: its password no longer logs in, and the phone and document can register again.
    const after = await request.post('/api/v1/sessions', { data: { login: j.phone, password } });
    expect(after.status()).toBe(401);
    const again = await request.post('/api/v1/accounts', {
      data: { docType: 'hk_id', docNumber: j.normalised, name: j.name, phone: j.phone, regionCode: '440300', password, agreedToTerms: true },
    });
    expect(again.status()).toBe(201);
    expect((await again.json()).status).toBe('pending_review');
  });
}
