import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { MaintenanceWindowDto, PeakPeriodDto, VmPoolDto } from '@invigil/contracts';
import { map } from 'rxjs';
import { CentresApi } from '../../core/api/centres.api';
import { SchedulingApi } from '../../core/api/scheduling.api';
import { action, remote, remoteOnce } from '../../core/data/remote';
import { DateTimePipe } from '../../core/format/format.pipes';
import { ACCREDITATION_STATUSES } from '../../core/format/labels';
import { ViewerZone } from '../../core/format/viewer-zone.service';
import { applyFieldErrors } from '../../core/problem/problem';
import { ProblemComponent } from '../../core/problem/problem.component';
import { explainPoolProblem } from '../../core/scheduling/booking-problems';
import { buildHeatmap } from '../../core/scheduling/heatmap';
import { fromLocalInput } from '../../core/scheduling/zone-labels';
import { ConfirmService } from '../../core/ui/confirm.service';
import { EmptyStateComponent } from '../../core/ui/empty-state.component';
import { LoadingComponent } from '../../core/ui/loading.component';
import { Notifier } from '../../core/ui/notifier.service';
import { PageHeaderComponent } from '../../core/ui/page-header.component';
import { HeatmapComponent } from './heatmap.component';

const REGION = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The operator's VM pools: hourly utilisation over six weeks, maintenance, peak periods, centres. */
@Component({
  selector: 'inv-capacity-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    MatButton,
    MatFormFieldModule,
    MatInput,
    MatSelectModule,
    ProblemComponent,
    EmptyStateComponent,
    LoadingComponent,
    PageHeaderComponent,
    HeatmapComponent,
    DateTimePipe,
  ],
  templateUrl: './capacity-page.component.html',
  styles: `
    .pools {
      display: flex;
      gap: 8px;
      flex-wrap: wrap;
      margin-bottom: 16px;
    }
    .pool-chip {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 10px;
      padding: 8px 14px;
      background: var(--mat-sys-surface);
      cursor: pointer;
      text-align: left;
      font: var(--mat-sys-body-medium);
    }
    .pool-chip.active {
      border-color: var(--mat-sys-primary);
      box-shadow: inset 0 0 0 1px var(--mat-sys-primary);
    }
    .stats {
      display: flex;
      gap: 24px;
      flex-wrap: wrap;
      margin-bottom: 12px;
    }
    .stat .value {
      font: var(--mat-sys-title-large);
    }
    .columns {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 20px;
    }
    @media (max-width: 1100px) {
      .columns {
        grid-template-columns: minmax(0, 1fr);
      }
    }
    form.inline {
      display: flex;
      gap: 8px 12px;
      flex-wrap: wrap;
      align-items: flex-start;
      margin-top: 12px;
    }
    form.inline mat-form-field {
      flex: 1 1 180px;
    }
    form.inline button {
      margin-top: 10px;
    }
    .short-explained {
      padding: 10px 14px;
      border-radius: 8px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class CapacityPageComponent {
  private readonly api = inject(SchedulingApi);
  private readonly centresApi = inject(CentresApi);
  private readonly confirm = inject(ConfirmService);
  private readonly notifier = inject(Notifier);
  private readonly fb = inject(FormBuilder).nonNullable;
  protected readonly viewer = inject(ViewerZone);

  protected readonly pools = remoteOnce(() => this.api.pools());
  private readonly chosenId = signal<string | null>(null);
  protected readonly pool = computed<VmPoolDto | null>(() => {
    const list = this.pools.value() ?? [];
    return list.find((p) => p.id === this.chosenId()) ?? list.at(0) ?? null;
  });
  private readonly poolId = computed(() => this.pool()?.id);

  protected readonly utilisation = remote(this.poolId, (id) => this.api.utilisation(id));
  protected readonly heatmap = computed(() => {
    const u = this.utilisation.value();
    return u && u.vmPoolId === this.poolId() ? buildHeatmap(u.hours, this.viewer.zone()) : null;
  });
  protected readonly maintenance = remote(this.poolId, (id) => this.api.maintenanceWindows(id));
  protected readonly peaks = remote(this.poolId, (id) => this.api.peakPeriods(id));
  /** every centre, to say which pool its online seats draw from */
  protected readonly centres = remoteOnce(() =>
    this.centresApi
      .accreditationQueue(ACCREDITATION_STATUSES, { limit: 200, offset: 0 })
      .pipe(map((p) => p.items)),
  );

  protected readonly creating = signal(false);
  protected readonly write = action();
  /** a refused pool change said in the operator's terms, else the server's problem shows */
  protected readonly explained = computed(() => {
    const problem = this.write.problem();
    return problem ? explainPoolProblem(problem, this.viewer.zone()) : null;
  });
  protected readonly poolForm = this.fb.group({
    region: ['', [Validators.required, Validators.pattern(REGION)]],
    name: ['', [Validators.required, Validators.maxLength(200)]],
    capacityPerHour: this.fb.control<number | null>(null, [Validators.required, Validators.min(0)]),
  });
  protected readonly editForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    capacityPerHour: this.fb.control<number | null>(null, [Validators.required, Validators.min(0)]),
  });
  protected readonly maintenanceForm = this.fb.group({
    starts: ['', Validators.required],
    ends: ['', Validators.required],
    vmsOffline: this.fb.control<number | null>(null, [Validators.required, Validators.min(1)]),
    reason: ['', [Validators.required, Validators.maxLength(500)]],
  });
  protected readonly peakForm = this.fb.group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    starts: ['', Validators.required],
    ends: ['', Validators.required],
  });
  protected readonly assignForm = this.fb.group({ centreId: ['', Validators.required] });

  constructor() {
    effect(() => {
      const p = this.pool();
      if (p) this.editForm.reset({ name: p.name, capacityPerHour: p.capacityPerHour });
    });
  }

  protected choose(id: string): void {
    this.write.clear();
    this.chosenId.set(id);
  }

  protected createPool(): void {
    if (this.poolForm.invalid) {
      this.poolForm.markAllAsTouched();
      return;
    }
    const v = this.poolForm.getRawValue();
    this.write.run(
      this.api.createPool({
        region: v.region.trim(),
        name: v.name.trim(),
        capacityPerHour: Number(v.capacityPerHour),
      }),
      (pool) => {
        this.poolForm.reset();
        this.creating.set(false);
        this.chosenId.set(pool.id);
        this.pools.reload();
        this.notifier.success(`Pool ${pool.region} created`);
      },
      (problem) => applyFieldErrors(this.poolForm, problem),
    );
  }

  protected savePool(pool: VmPoolDto): void {
    if (this.editForm.invalid) {
      this.editForm.markAllAsTouched();
      return;
    }
    const v = this.editForm.getRawValue();
    this.write.run(
      this.api.updatePool(pool.id, { name: v.name.trim(), capacityPerHour: Number(v.capacityPerHour) }),
      () => {
        this.pools.reload();
        this.utilisation.reload();
        this.notifier.success('Pool saved');
      },
      (problem) => applyFieldErrors(this.editForm, problem),
    );
  }

  protected addMaintenance(pool: VmPoolDto): void {
    const v = this.maintenanceForm.getRawValue();
    const starts = fromLocalInput(v.starts, this.viewer.zone());
    const ends = fromLocalInput(v.ends, this.viewer.zone());
    if (this.maintenanceForm.invalid || !starts || !ends) {
      this.maintenanceForm.markAllAsTouched();
      return;
    }
    this.write.run(
      this.api.addMaintenanceWindow(pool.id, {
        starts,
        ends,
        vmsOffline: Number(v.vmsOffline),
        reason: v.reason.trim(),
      }),
      () => {
        this.maintenanceForm.reset();
        this.maintenance.reload();
        this.utilisation.reload();
        this.notifier.success('Maintenance window added');
      },
      (problem) => applyFieldErrors(this.maintenanceForm, problem),
    );
  }

  protected removeMaintenance(pool: VmPoolDto, w: MaintenanceWindowDto): void {
    this.confirm
      .ask({
        title: 'Remove the maintenance window?',
        message: w.reason,
        confirmLabel: 'Remove',
        danger: true,
      })
      .subscribe(() =>
        this.write.run(this.api.removeMaintenanceWindow(pool.id, w.id), () => {
          this.maintenance.reload();
          this.utilisation.reload();
          this.notifier.success('Maintenance window removed');
        }),
      );
  }

  protected addPeak(pool: VmPoolDto): void {
    const v = this.peakForm.getRawValue();
    const starts = fromLocalInput(v.starts, this.viewer.zone());
    const ends = fromLocalInput(v.ends, this.viewer.zone());
    if (this.peakForm.invalid || !starts || !ends) {
      this.peakForm.markAllAsTouched();
      return;
    }
    this.write.run(
      this.api.addPeakPeriod(pool.id, { name: v.name.trim(), starts, ends }),
      () => {
        this.peakForm.reset();
        this.peaks.reload();
        this.utilisation.reload();
        this.notifier.success('Peak period added');
      },
      (problem) => applyFieldErrors(this.peakForm, problem),
    );
  }

  protected removePeak(pool: VmPoolDto, p: PeakPeriodDto): void {
    this.confirm
      .ask({
        title: `Remove the peak period "${p.name}"?`,
        message: 'Bookings in it will need only the usual lead time again.',
        confirmLabel: 'Remove',
        danger: true,
      })
      .subscribe(() =>
        this.write.run(this.api.removePeakPeriod(pool.id, p.id), () => {
          this.peaks.reload();
          this.utilisation.reload();
          this.notifier.success('Peak period removed');
        }),
      );
  }

  protected assignCentre(pool: VmPoolDto): void {
    const { centreId } = this.assignForm.getRawValue();
    if (!centreId) return;
    const centre = this.centres.value()?.find((c) => c.id === centreId);
    this.write.run(this.api.assignCentrePool(centreId, { vmPoolId: pool.id }), () => {
      this.assignForm.reset();
      this.notifier.success(`${centre?.name ?? 'Centre'} now draws VMs from ${pool.region}`);
    });
  }
}
