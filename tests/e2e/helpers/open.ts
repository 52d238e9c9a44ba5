// Opening files as a user does: pick them, confirm the mapping panel, load.
import { expect, type Page } from '@playwright/test';

type FileArg = string | string[] | { name: string; mimeType: string; buffer: Buffer } | { name: string; mimeType: string; buffer: Buffer }[];

export async function openFiles(page: Page, files: FileArg): Promise<void> {
  await page.getByLabel('Open data files').setInputFiles(files);
  // The panel needs DuckDB (it reads the file's first rows there): opened during start-up, it waits for it.
  await expect(page.getByRole('region', { name: 'Map columns' })).toBeVisible({ timeout: 180_000 });
}

export async function openAndLoad(page: Page, files: FileArg): Promise<void> {
  await openFiles(page, files);
  await page.getByRole('region', { name: 'Map columns' }).getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Map columns' })).toHaveCount(0);
}
