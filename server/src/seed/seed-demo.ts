import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../core/auth/password-hasher';
import type { AppConfig } from '../core/config/app-config';
import { typeormOptions } from '../core/database/typeorm-options';
import { seedDemoAttempts } from './demo-attempts';
import { seedDemoCatalogue } from './demo-catalogue';
import { seedDemoCentres } from './demo-centres';
import { seedDemoScheduling } from './demo-scheduling';
import { seedDemoTenant } from './demo-tenant';
import { seedDemoVouchers } from './demo-vouchers';

/**
 * Loads the demo catalogue, tenant, centres, vouchers and scheduling in one transaction; safe to
 * run again (every part skips what exists), so `npm start` can run it on each start.
 */
export async function seedDemo(config: AppConfig): Promise<void> {
  const dataSource = new DataSource({ ...typeormOptions(config), extra: { max: 2 } });
  await dataSource.initialize();
  try {
    await dataSource.transaction(async (em) => {
      await seedDemoCatalogue(em);
      const tenant = await seedDemoTenant(em, new PasswordHasher(), { publicUrl: config.PUBLIC_URL });
      await seedDemoCentres(em, tenant);
      await seedDemoVouchers(em, tenant, config);
      await seedDemoScheduling(em, tenant);
      await seedDemoAttempts(em, tenant);
    });
    new Logger('Seed').log('Demo data is in place');
  } finally {
    await dataSource.destroy();
  }
}
