// Opening files as a user does: pick them, confirm the mapping panel, load.
import { expect, type Page } from '@playwright/test';

type FileArg = string | string[] | { name: string; mimeType: string; buffer: Buffer } | { name: string; mimeType: string; buffer: Buffer }[];

export async function openFiles(page: Page, files: FileArg): Promise<void> {
  await page.getByLabel('Open data files').setInputFiles(files);
  await expect(page.getByRole('region', { name: 'Map columns' })).toBeVisible();
}

export async function openAndLoad(page: Page, files: FileArg): Promise<void> {
  await openFiles(page, files);
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Map columns' })).toHaveCount(0);
}
