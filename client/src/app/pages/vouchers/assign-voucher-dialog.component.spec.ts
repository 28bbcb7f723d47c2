import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import type { MemberDto, PageDto, VoucherDto } from '@invigil/contracts';
import { AssignVoucherDialogComponent } from './assign-voucher-dialog.component';

const member = (n: number): MemberDto => ({
  userId: `u${n}`,
  email: `learner${n}@example.test`,
  displayName: `Learner ${n}`,
  roles: ['candidate'],
});
const page = (items: MemberDto[], total: number): PageDto<MemberDto> => ({
  items,
  total,
  limit: 50,
  offset: 0,
});

describe('AssignVoucherDialogComponent', () => {
  let fixture: ComponentFixture<AssignVoucherDialogComponent>;
  let backend: HttpTestingController;
  let root: HTMLElement;
  const close = vi.fn();

  const membersRequest = (): TestRequest =>
    backend.expectOne((r) => r.url === '/api/institutions/i1/members');
  const listed = (): string[] =>
    Array.from(root.querySelectorAll('[data-testid="assign-candidate"]')).map((e) =>
      Array.from(e.querySelectorAll('[matListItemTitle], [matListItemLine]'))
        .map((part) => part.textContent?.trim())
        .join(' '),
    );

  beforeEach(async () => {
    vi.useFakeTimers();
    close.mockClear();
    TestBed.configureTestingModule({
      imports: [AssignVoucherDialogComponent],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: MAT_DIALOG_DATA,
          useValue: { institutionId: 'i1', voucher: { examCode: 'MO-200' } as VoucherDto },
        },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AssignVoucherDialogComponent);
    root = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => {
    backend.verify();
    vi.useRealTimers();
  });

  it('lists a first page of candidates and says how many more the search reaches', () => {
    const first = membersRequest();
    expect(first.request.params.get('role')).toBe('candidate');
    expect(first.request.params.get('q')).toBeNull();
    first.flush(page([member(1), member(2)], 240));
    fixture.detectChanges();
    expect(listed()).toEqual(['Learner 1 learner1@example.test', 'Learner 2 learner2@example.test']);
    expect(root.querySelector('[data-testid="assign-more"]')?.textContent).toContain('238 more candidates');
  });

  it('asks the server for what is typed, once typing pauses, and assigns the one picked', () => {
    membersRequest().flush(page([member(1)], 240));
    fixture.detectChanges();
    const input = root.querySelector<HTMLInputElement>('[data-testid="assign-search"]') as HTMLInputElement;
    for (const text of ['l', 'le', 'learner 23']) {
      input.value = text;
      input.dispatchEvent(new Event('input'));
    }
    backend.expectNone((r) => r.url === '/api/institutions/i1/members');
    vi.advanceTimersByTime(300);
    fixture.detectChanges();
    const search = membersRequest();
    expect(search.request.params.get('q')).toBe('learner 23');
    search.flush(page([member(230)], 1));
    fixture.detectChanges();
    expect(listed()).toEqual(['Learner 230 learner230@example.test']);
    expect(root.querySelector('[data-testid="assign-more"]')).toBeNull();

    root.querySelector<HTMLElement>('[data-testid="assign-candidate"]')?.click();
    fixture.detectChanges();
    root.querySelector<HTMLButtonElement>('[data-testid="assign-confirm"]')?.click();
    expect(close).toHaveBeenCalledWith(member(230));
  });
});
