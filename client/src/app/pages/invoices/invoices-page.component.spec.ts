import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import type { InvoiceDto } from '@invigil/contracts';
import { of } from 'rxjs';
import { ConfirmService } from '../../core/ui/confirm.service';
import { InvoicesPageComponent } from './invoices-page.component';

const fee = (status: InvoiceDto['status'], id: string): InvoiceDto => ({
  id,
  number: `INV-${id}`,
  kind: 'proctoring_fee',
  orderId: null,
  bookingId: 'b1',
  description: 'Proctoring fee: MO-200 at Northfield Downtown, 2026-12-20 10:00 America/Toronto',
  institutionId: null,
  institutionName: null,
  buyerEmail: 'tom.hughes@lakeside.demo',
  amountMinor: 10000,
  currency: 'USD',
  status,
  issuedAt: '2026-12-01T10:00:00.000Z',
  dueAt: '2026-12-31T10:00:00.000Z',
  settledAt: status === 'open' ? null : '2026-12-02T10:00:00.000Z',
  refundDueAt: status === 'refund_due' ? '2026-12-03T10:00:00.000Z' : null,
  refundedAt: null,
  provider: 'offline-invoice',
});

describe('InvoicesPageComponent', () => {
  let fixture: ComponentFixture<InvoicesPageComponent>;
  let backend: HttpTestingController;
  const asked: string[] = [];
  const page = () => fixture.nativeElement as HTMLElement;

  beforeEach(() => {
    asked.length = 0;
    TestBed.configureTestingModule({
      imports: [InvoicesPageComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        {
          provide: ConfirmService,
          useValue: { ask: (d: { title: string }) => (asked.push(d.title), of('')) },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(InvoicesPageComponent);
    fixture.detectChanges();
  });
  afterEach(() => backend.verify());

  it('offers to settle an open invoice and to record the refund of a fee due for one', () => {
    backend.expectOne('/api/invoices?status=open').flush([fee('open', '1'), fee('refund_due', '2')]);
    backend.expectOne('/api/invoices?status=refund_due').flush([fee('refund_due', '2')]);
    fixture.detectChanges();
    // the refunds to make are counted whatever the filter
    expect(page().querySelector('[data-testid="invoices-refunds-due"]')?.textContent).toContain(
      '1 proctoring fee is due for a refund',
    );
    const rows = Array.from(page().querySelectorAll('[data-testid="invoice-row"]'));
    expect(rows.map((r) => r.querySelector('[data-testid="invoice-status"]')?.textContent?.trim())).toEqual([
      'Open — to be settled',
      'Refund due',
    ]);
    expect(rows[0].querySelector('[data-testid="invoice-refund"]')).toBeNull();
    expect(rows[1].querySelector('[data-testid="invoice-settle"]')).toBeNull();
    expect(rows[1].querySelector('[data-testid="invoice-refund-due"]')?.textContent).toContain('seat ended');

    (rows[1].querySelector('[data-testid="invoice-refund"]') as HTMLButtonElement).click();
    expect(asked).toEqual(['Record the refund of INV-2?']);
    const refund = backend.expectOne('/api/invoices/2/refund');
    expect(refund.request.method).toBe('POST');
    refund.flush({ ...fee('refund_due', '2'), status: 'refunded', refundedAt: '2026-12-04T10:00:00.000Z' });
    // the list is read again: the refunded fee has left the open ones, and no refund is due
    backend.expectOne('/api/invoices?status=open').flush([fee('open', '1')]);
    backend.expectOne('/api/invoices?status=refund_due').flush([]);
    fixture.detectChanges();
    expect(page().querySelectorAll('[data-testid="invoice-row"]')).toHaveLength(1);
    expect(page().querySelector('[data-testid="invoices-refunds-due"]')).toBeNull();
  });
});
