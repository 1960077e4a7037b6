import { test, expect } from '@playwright/test';
import { closeOpenedPages, phonePage, shot, tr, waitForSms } from './support.ts';

// A page left open keeps rendering in the shared browser and slows every later journey.
test.afterEach(closeOpenedPages);

/**
 * Filing a car one drives but does not own (备案非本人机动车): 杨帆 sees his own car (its
 * inspection due in five days), files his relative 张伟's 粤B12345, is told when the owner's
 * name is wrong, receives nothing himself — the code goes to 张伟's registered phone — is told
 * when he types the code wrong, confirms with the right one, sees the car as filed with its
 * plate drawn and its camera records, and unfiles it again.
 */
const password = 'granite willow compass 61';
const filer = { name: '杨帆', docNumber: '440305199502270934', phone: '13800000006', ownPlate: '粤B2T7W5' };
// 张伟 owns 粤B12345 (VIN LSVAM4187C2184847); the owner's code goes to the phone of his account.
const owner = { name: '张伟', docNumber: '440303198503021318', phone: '13800000001' };
const car = { plate: '粤B12345', vinLast6: '184847' };

test('a driver files a relative’s car with the owner’s code, sees it filed with its records, and unfiles it', async ({ browser, baseURL, request }) => {
  test.setTimeout(120_000);
  const lang = 'zh-CN' as const;
  const v = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen-vehicles:${key}`, p);
  const c = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen:${key}`, p);

  // The owner has an account (another journey may have opened it already); the filer opens his.
  const ownerAccount = await request.post('/api/v1/accounts', {
    data: { docType: 'cn_id', docNumber: owner.docNumber, name: owner.name, phone: owner.phone, regionCode: '440300', password, agreedToTerms: true },
  });
  expect([201, 409]).toContain(ownerAccount.status());
  const filerAccount = await request.post('/api/v1/accounts', {
    data: { docType: 'cn_id', docNumber: filer.docNumber, name: filer.name, phone: filer.phone, regionCode: '440300', password, agreedToTerms: true },
  });
  expect(filerAccount.status()).toBe(201);

  const page = await phonePage(browser, lang, baseURL);
  await page.goto('/login');
  await page.getByLabel(c('login.login')).fill(filer.phone);
  await page.getByLabel(c('login.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: c('login.submit'), exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // His own car is there by itself, its inspection due on 2026-11-30.
  await page.getByRole('link', { name: v('tiles.vehicles'), exact: true }).click();
  await expect(page.getByRole('heading', { name: v('list.title') })).toBeVisible();
  const own = page.getByRole('article').filter({ has: page.getByRole('img', { name: filer.ownPlate }) });
  await expect(own).toBeVisible();
  await expect(own.getByText(tr(lang, 'vehicles:relations.owner'))).toBeVisible();
  await expect(own.getByText(v('card.inspectionDue_other', { count: 5 }))).toBeVisible();
  await shot(page, 'citizen-vehicles-zh-CN');

  // The filing form: the plate is checked as it is typed and drawn once it is right.
  await page.getByRole('link', { name: v('list.file') }).click();
  await expect(page.getByRole('heading', { name: v('filing.title') })).toBeVisible();
  const plateInput = page.getByLabel(v('filing.plate'));
  await plateInput.fill('粤BD12345');
  // A green new-energy plate entered as a small car: the form says so and offers the other type.
  await expect(page.getByText(tr(lang, 'domain:plateReasons.type_mismatch'))).toBeVisible();
  await expect(page.getByRole('button', { name: v('filing.switchType', { type: v('filing.types.52') }) })).toBeVisible();
  await plateInput.fill('粤b12345');
  await expect(page.getByRole('img', { name: car.plate })).toBeVisible();
  await page.getByLabel(v('filing.ownerName')).fill('张三');
  await page.getByLabel(v('filing.vin')).fill(car.vinLast6);
  await page.getByRole('button', { name: v('filing.submit') }).click();
  // A wrong owner name is refused with what to check.
  await expect(page.getByRole('alert').filter({ hasText: tr(lang, 'problems-vehicles:owner_mismatch.detail') })).toBeVisible();
  await shot(page, 'citizen-vehicle-filing-zh-CN');

  await page.getByLabel(v('filing.ownerName')).fill(owner.name);
  await page.getByRole('button', { name: v('filing.submit') }).click();
  await expect(page.getByRole('heading', { name: v('code.title') })).toBeVisible();
  await expect(page.getByText(v('code.sent', { phone: '138****0001' }))).toBeVisible();
  // A new code can be asked for once the minute the server allows has passed.
  await expect(page.getByRole('button', { name: new RegExp(v('code.resendIn', { count: 999 }).replace('999', '\\d+')) })).toBeDisabled();
  await shot(page, 'citizen-vehicle-filing-code-zh-CN');

  // The code went to the owner's phone, never to the filer's.
  const sms = await waitForSms(request, owner.phone, 'vehicle_filing');
  expect(sms.text).toContain(car.plate);
  expect(sms.code).toMatch(/^\d{6}$/);
  const filerSms = await (await request.get(`/api/v1/dev/sms?phone=${filer.phone}`)).json();
  expect(filerSms.filter((m: { purpose: string }) => m.purpose === 'vehicle_filing')).toEqual([]);

  const codeInput = page.getByLabel(v('code.label'));
  const wrong = String((Number(sms.code) + 1) % 1_000_000).padStart(6, '0');
  await codeInput.fill(wrong);
  await page.getByRole('button', { name: v('code.confirm') }).click();
  await expect(page.getByText(tr(lang, 'vehicles:filing.invalidCode'))).toBeVisible();

  await codeInput.fill(sms.code!);
  await page.getByRole('button', { name: v('code.confirm') }).click();
  await expect(page).toHaveURL(/\/vehicles$/);
  const filed = page.getByRole('article').filter({ has: page.getByRole('img', { name: car.plate }) });
  await expect(filed).toBeVisible();
  await expect(filed.getByText(tr(lang, 'vehicles:relations.filed'))).toBeVisible();
  await expect(filed.getByText('张*')).toBeVisible();
  await page.waitForTimeout(2500); // let the success toast fade before the picture
  await shot(page, 'citizen-vehicles-filed-zh-CN');

  // Its camera records: the card links to them, and the filer now sees them. The 0-point
  // record he may handle; the 6-point one happened before the filing, so it stays the owner's.
  const vio = (key: string, p?: Record<string, string | number>) => tr(lang, `citizen-violations:${key}`, p);
  await filed.getByRole('link', { name: /\d+/ }).click();
  await expect(page).toHaveURL(/\/violations\?plate=/);
  const noPoints = page.locator('a[href="/violations/4403002026090300002"]');
  const sixPoints = page.locator('a[href="/violations/4403002026101200001"]');
  await expect(noPoints).toBeVisible();
  await expect(sixPoints).toBeVisible();
  await expect(page.locator('a[href="/violations/4403002026102000005"]')).toHaveCount(0); // the owner's on-site record is his alone
  await shot(page, 'citizen-vehicle-filed-records-zh-CN');
  await noPoints.click();
  await expect(page.getByRole('button', { name: vio('actions.handle') })).toBeVisible();
  await page.goBack();
  await sixPoints.click();
  await expect(page.getByRole('heading', { name: vio('detail.title') })).toBeVisible();
  await expect(page.getByRole('button', { name: vio('actions.handle') })).toHaveCount(0);
  await page.goto('/vehicles');
  await expect(filed).toBeVisible();

  // The same screen in Traditional Chinese.
  await page.evaluate(() => localStorage.setItem('jg.lang', 'zh-HK'));
  await page.reload();
  await expect(page.getByRole('heading', { name: tr('zh-HK', 'citizen-vehicles:list.title') })).toBeVisible();
  await expect(page.getByText(tr('zh-HK', 'vehicles:relations.filed'))).toBeVisible();
  await shot(page, 'citizen-vehicles-zh-HK');

  // Unfiling asks first, then the car is gone and his own stays.
  const hk = (key: string, p?: Record<string, string | number>) => tr('zh-HK', `citizen-vehicles:${key}`, p);
  await filed.getByRole('button', { name: hk('card.unfile') }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(hk('unfile.title', { plate: car.plate }))).toBeVisible();
  await dialog.getByRole('button', { name: hk('unfile.confirm') }).click();
  await expect(page.getByRole('img', { name: car.plate })).toHaveCount(0);
  await expect(page.getByRole('img', { name: filer.ownPlate })).toBeVisible();

  await page.context().close();

  // Someone with no vehicle at all (黄磊) is told that owned cars come by themselves and is
  // offered the filing.
  const none = { name: '黄磊', docNumber: '440303198706193179', phone: '13800000008' };
  const noneAccount = await request.post('/api/v1/accounts', {
    data: { docType: 'cn_id', docNumber: none.docNumber, name: none.name, phone: none.phone, regionCode: '440300', password, agreedToTerms: true },
  });
  expect(noneAccount.status()).toBe(201);
  const other = await phonePage(browser, 'zh-HK', baseURL);
  await other.goto('/login');
  await other.getByLabel(tr('zh-HK', 'citizen:login.login')).fill(none.phone);
  await other.getByLabel(tr('zh-HK', 'citizen:login.password'), { exact: true }).fill(password);
  await other.getByRole('button', { name: tr('zh-HK', 'citizen:login.submit'), exact: true }).click();
  await expect(other).toHaveURL(/\/$/);
  await other.goto('/vehicles');
  await expect(other.getByRole('heading', { name: hk('empty.title') })).toBeVisible();
  await expect(other.getByText(hk('empty.body'))).toBeVisible();
  await expect(other.getByRole('link', { name: hk('list.file') })).toHaveAttribute('href', '/vehicles/filings/new');
  await shot(other, 'citizen-vehicles-empty-zh-HK');
  await other.context().close();
});
