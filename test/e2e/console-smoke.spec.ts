import { test, expect } from '@playwright/test';

/**
 * The staff console at desktop size on the demo world: sign in, the review queue and its
 * tabs, a registry import with one good and one bad line, the audit trail, the language
 * switch, and sign-out. (The full review journeys belong to the lead's suite.)
 */
const admin = { username: process.env.E2E_STAFF_USER ?? 'admin', password: process.env.E2E_STAFF_PASSWORD ?? 'Admin#2026' };

test.use({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1, locale: 'zh-CN' });

test('an administrator signs in, imports registry lines, reads the audit log and signs out', async ({ page }) => {
  await page.goto('/console');
  await expect(page).toHaveTitle('交管 · 民警工作台');

  // A wrong password is refused with the server's own explanation.
  await page.getByLabel('用户名').fill(admin.username);
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('alert')).not.toBeEmpty();

  await page.getByLabel('密码').fill(admin.password);
  await page.getByRole('button', { name: '登录' }).click();

  // The review queue opens first, with a tab per review kind.
  await expect(page.getByRole('heading', { name: '审核队列' })).toBeVisible();
  await expect(page.getByRole('table', { name: '身份审核待审核列表' })).toBeVisible();
  await page.getByRole('tab', { name: '异议申请' }).click();
  await expect(page).toHaveURL(/\/console\/reviews\/objection$/);
  await expect(page.getByRole('table', { name: '异议申请待审核列表' }).getByText('暂无待审核事项')).toBeVisible();

  // Registry import: the file is read in the browser and sent as NDJSON.
  await page.getByRole('menuitem', { name: '档案导入' }).click();
  const lines = [
    JSON.stringify({ kind: 'person', name: '邓立华', sex: 'M', birthDate: '1993-06-11', documents: [{ docType: 'cn_id', docNumber: '510107199306110810' }] }),
    JSON.stringify({ kind: 'person', name: '错号码', sex: 'M', birthDate: '1993-06-11', documents: [{ docType: 'cn_id', docNumber: '510107199306110811' }] }),
  ];
  await page.locator('input[type=file]').setInputFiles({ name: 'smoke.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await page.getByRole('button', { name: '开始导入' }).click();
  const counts = page.getByRole('region', { name: '导入统计' });
  await expect(counts).toBeVisible({ timeout: 30_000 });
  await expect(counts.getByRole('group', { name: '新增' })).toContainText('1');
  await expect(counts.getByRole('group', { name: '拒绝' })).toContainText('1');
  const rejected = page.getByRole('table', { name: '被拒绝的行' });
  await expect(rejected.getByRole('row')).toHaveCount(2);
  await expect(rejected.getByRole('cell').first()).toHaveText('2');

  // A file that is not NDJSON is refused at the desk, before any upload.
  await page.locator('input[type=file]').setInputFiles({ name: 'sheet.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from('name,sex\n张三,M\n') });
  await expect(page.getByRole('alert')).toContainText('第 1 行');
  await expect(page.getByRole('button', { name: '开始导入' })).toBeDisabled();

  // The import is in the audit trail.
  await page.getByRole('menuitem', { name: '审计日志' }).click();
  const audit = page.getByRole('table', { name: '审计日志' });
  await expect(audit.getByText('导入档案').first()).toBeVisible();
  await expect(audit.getByRole('columnheader', { name: '操作人' })).toBeVisible();

  // The language switch changes the whole console, antd's own texts included.
  await page.getByLabel('界面语言').click();
  await page.getByTitle('English').click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Review queue' })).toBeVisible();
  await page.getByLabel('Language').click();
  await page.getByTitle('简体中文').click();

  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByLabel('用户名')).toBeVisible();
  // The session is really gone: a reload stays on the login form.
  await page.reload();
  await expect(page.getByLabel('用户名')).toBeVisible();
});

test.describe('on a phone-size screen', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-HK' });

  test('the side menu folds away, opens over the page and closes once a page is chosen', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('jg.lang', 'zh-HK'));
    await page.goto('/console');
    await page.getByLabel('用戶名稱').fill(admin.username);
    await page.getByLabel('密碼').fill(admin.password);
    await page.getByRole('button', { name: '登入' }).click();
    await expect(page.getByRole('heading', { name: '審核佇列' })).toBeVisible();
    const menu = page.getByRole('menuitem', { name: '檔案匯入' });
    await expect(menu).toBeHidden();
    // The page has the whole width: nothing scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await page.locator('.ant-layout-sider-zero-width-trigger').click();
    await expect(menu).toBeVisible();
    await menu.click();
    await expect(page.getByRole('heading', { name: '檔案匯入' })).toBeVisible();
    await expect(menu).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'docs/screenshots/console-import-phone-zh-HK.png' });
    await page.getByRole('button', { name: '登出' }).click();
    await expect(page.getByLabel('用戶名稱')).toBeVisible();
  });
});
