import { ChangeDetectionStrategy, Component, effect, inject, input, output } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { PriceListDto, UpsertPriceListRequest } from '@invigil/contracts';
import { COMMON_CURRENCIES, fromMinorUnits, toMinorUnits } from '../../core/format/money';

/** The default wholesale ladder of a new price list: pack sizes where the price usually drops. */
const DEFAULT_TIER_STARTS = [1, 100, 500, 1500];

/** Edits one exam's price list: currency, retail price, validity and wholesale tiers, in major units. */
@Component({
  selector: 'inv-price-list-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInput, MatSelectModule, MatButton],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <div class="row">
        <mat-form-field class="narrow">
          <mat-label>Currency</mat-label>
          <mat-select formControlName="currency" data-testid="price-currency">
            @for (c of currencies; track c) {
              <mat-option [value]="c">{{ c }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field class="narrow">
          <mat-label>Retail price</mat-label>
          <input
            matInput
            type="number"
            min="0"
            step="any"
            formControlName="retail"
            data-testid="price-retail"
          />
          @if (form.controls.retail.invalid) {
            <mat-error>Enter a price of 0 or more</mat-error>
          }
        </mat-form-field>
        <mat-form-field class="narrow">
          <mat-label>Valid for (months)</mat-label>
          <input matInput type="number" min="1" max="60" step="1" formControlName="validityMonths" />
          @if (form.controls.validityMonths.invalid) {
            <mat-error>1 to 60 months</mat-error>
          }
        </mat-form-field>
      </div>
      <h3 class="sub-title">Wholesale tiers</h3>
      <p class="muted small">
        A pack of at least the quantity costs the price per voucher. The first tier starts at 1.
      </p>
      <div formArrayName="tiers">
        @for (tier of form.controls.tiers.controls; track tier; let i = $index) {
          <div class="row" [formGroupName]="i">
            <mat-form-field class="narrow">
              <mat-label>From (vouchers)</mat-label>
              <input
                matInput
                type="number"
                min="1"
                step="1"
                formControlName="minQuantity"
                [attr.data-testid]="'tier-min-' + i"
              />
            </mat-form-field>
            <mat-form-field class="narrow">
              <mat-label>Per voucher</mat-label>
              <input
                matInput
                type="number"
                min="0"
                step="any"
                formControlName="unitPrice"
                [attr.data-testid]="'tier-price-' + i"
              />
            </mat-form-field>
            @if (form.controls.tiers.length > 1) {
              <button mat-button type="button" (click)="form.controls.tiers.removeAt(i)">Remove</button>
            }
          </div>
        }
      </div>
      <div class="row">
        <button mat-button type="button" (click)="addTier()">Add a tier</button>
        <span class="spacer"></span>
        <button mat-button type="button" (click)="cancelled.emit()">Cancel</button>
        <button mat-flat-button type="submit" [disabled]="pending()" data-testid="price-save">
          {{ pending() ? 'Saving…' : 'Save price list' }}
        </button>
      </div>
    </form>
  `,
  styles: `
    .narrow {
      width: 170px;
    }
  `,
})
export class PriceListFormComponent {
  private readonly fb = inject(FormBuilder).nonNullable;

  readonly list = input<PriceListDto | null>(null);
  readonly pending = input(false);
  readonly submitted = output<UpsertPriceListRequest>();
  readonly cancelled = output();

  protected readonly currencies = COMMON_CURRENCIES;
  protected readonly form = this.fb.group({
    currency: ['USD', Validators.required],
    retail: this.fb.control<number | null>(null, [Validators.required, Validators.min(0)]),
    validityMonths: [12, [Validators.required, Validators.min(1), Validators.max(60)]],
    tiers: this.fb.array(DEFAULT_TIER_STARTS.map((q) => this.tier(q, null))),
  });

  constructor() {
    effect(() => {
      const list = this.list();
      if (!list) return;
      this.form.setControl(
        'tiers',
        this.fb.array(
          [...list.tiers]
            .sort((a, b) => a.minQuantity - b.minQuantity)
            .map((t) => this.tier(t.minQuantity, fromMinorUnits(t.unitPriceMinor, list.currency))),
        ),
      );
      this.form.patchValue({
        currency: list.currency,
        retail: fromMinorUnits(list.retailPriceMinor, list.currency),
        validityMonths: list.validityMonths,
      });
    });
  }

  private tier(minQuantity: number, unitPrice: number | null) {
    return this.fb.group({
      minQuantity: [minQuantity, [Validators.required, Validators.min(1)]],
      unitPrice: this.fb.control<number | null>(unitPrice, [Validators.required, Validators.min(0)]),
    });
  }

  protected addTier(): void {
    const last = this.form.controls.tiers.controls.at(-1)?.controls.minQuantity.value ?? 0;
    this.form.controls.tiers.push(this.tier(last + 1, null));
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { currency, retail, validityMonths, tiers } = this.form.getRawValue();
    this.submitted.emit({
      currency,
      retailPriceMinor: toMinorUnits(retail ?? 0, currency),
      validityMonths,
      tiers: tiers.map((t) => ({
        minQuantity: Number(t.minQuantity),
        unitPriceMinor: toMinorUnits(t.unitPrice ?? 0, currency),
      })),
    });
  }
}
