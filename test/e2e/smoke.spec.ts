import { test, expect } from '@playwright/test';

test('the citizen app, console and verifier load', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('#root')).not.toBeEmpty();
  await page.goto('/console');
  await expect(page.locator('#root')).not.toBeEmpty();
  await page.goto('/verify');
  await expect(page.locator('#root')).not.toBeEmpty();
});
