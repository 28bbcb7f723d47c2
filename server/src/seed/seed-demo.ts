import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../core/config/app-config';
import { typeormOptions } from '../core/database/typeorm-options';

/** Loads the demo catalogue and tenant; safe to run again (it skips what exists). */
export async function seedDemo(config: AppConfig): Promise<void> {
  const dataSource = new DataSource({ ...typeormOptions(config), extra: { max: 2 } });
  await dataSource.initialize();
  try {
    await dataSource.transaction(async () => {
      // filled in by the catalogue and institutions seeds
    });
    new Logger('Seed').log('Demo data is in place');
  } finally {
    await dataSource.destroy();
  }
}
