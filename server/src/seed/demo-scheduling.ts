import type { EntityManager } from 'typeorm';

/** The demo region's VM pool: 2,000 VMs an hour, serving every demo centre that has none yet. */
export async function seedDemoScheduling(em: EntityManager): Promise<void> {
  await em.query(
    `INSERT INTO vm_pools (region, name, capacity_per_hour) VALUES ('ca-east', 'Canada East', 2000)
     ON CONFLICT ON CONSTRAINT vm_pools_region_key DO NOTHING`,
  );
  await em.query(
    `UPDATE testing_centres SET vm_pool_id = (SELECT id FROM vm_pools WHERE region = 'ca-east')
      WHERE vm_pool_id IS NULL`,
  );
}
