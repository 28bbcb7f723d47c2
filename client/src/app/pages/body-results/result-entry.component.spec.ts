import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ExamAttemptDto } from '@invigil/contracts';
import { of } from 'rxjs';
import { ConfirmService } from '../../core/ui/confirm.service';
import { ResultEntryComponent } from './result-entry.component';

const attempt: ExamAttemptDto = {
  id: 'a1',
  candidateId: 'c1',
  candidateName: 'Jordan Lee',
  examId: 'e1',
  examCode: 'AZ-900',
  examTitle: 'Microsoft Azure Fundamentals',
  voucherId: 'v1',
  bookingId: null,
  startedAt: '2026-12-01T09:00:00.000Z',
  outcome: 'in_progress',
  score: null,
  passingScore: 700,
  maxScore: 1000,
  finishedAt: null,
};

const problem = (status: number, body: Record<string, unknown>) => ({
  status,
  statusText: 'Error',
  headers: { 'content-type': 'application/problem+json' },
  body: { status, ...body },
});

describe('ResultEntryComponent', () => {
  let fixture: ComponentFixture<ResultEntryComponent>;
  let backend: HttpTestingController;
  let page: HTMLElement;
  let recorded: ExamAttemptDto[];
  const ask = vi.fn(() => of(''));

  const text = (testId: string): string =>
    page.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
  const record = async (score: string): Promise<void> => {
    const input = page.querySelector<HTMLInputElement>('[data-testid="result-score"]');
    if (!input) throw new Error('no score input');
    input.value = score;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    page.querySelector<HTMLButtonElement>('[data-testid="result-record"]')?.click();
    await fixture.whenStable();
  };

  beforeEach(async () => {
    ask.mockClear();
    TestBed.configureTestingModule({
      imports: [ResultEntryComponent],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ConfirmService, useValue: { ask } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ResultEntryComponent);
    fixture.componentRef.setInput('attempt', attempt);
    recorded = [];
    fixture.componentInstance.recorded.subscribe((a) => recorded.push(a));
    page = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows the passing score, then whether the typed score passes', async () => {
    expect(text('result-score-hint')).toBe('Passing score 700 of 1,000');
    const input = page.querySelector<HTMLInputElement>('[data-testid="result-score"]') as HTMLInputElement;
    input.value = '700';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(text('result-score-hint')).toBe('Passes · Passing score 700 of 1,000');
  });

  it('refuses a score above the maximum without asking or sending', async () => {
    await record('1200');
    expect(text('result-score-error')).toBe('At most 1,000');
    expect(ask).not.toHaveBeenCalled();
    backend.expectNone('/api/exam-attempts/a1/result');
  });

  it('confirms, records the score, and hands the result on', async () => {
    await record('612');
    expect(ask).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Record 612 for Jordan Lee?', confirmLabel: 'Record a fail' }),
    );
    const request = backend.expectOne('/api/exam-attempts/a1/result');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ score: 612 });
    request.flush({ ...attempt, outcome: 'failed', score: 612 });
    await fixture.whenStable();
    expect(recorded).toEqual([expect.objectContaining({ outcome: 'failed', score: 612 })]);
  });

  it('says the result is already in when someone recorded it first', async () => {
    await record('900');
    const { status, statusText, headers, body } = problem(409, {
      type: '/problems/invalid-state-transition',
      title: 'That change is not allowed from the current state',
      detail: 'A passed attempt cannot get a result',
      outcome: 'passed',
    });
    backend.expectOne('/api/exam-attempts/a1/result').flush(body, { status, statusText, headers });
    await fixture.whenStable();
    expect(text('problem-title')).toBe('The result is already recorded');
    expect(text('problem-detail')).toContain('(passed)');
    expect(recorded).toEqual([]);
  });

  it('puts the server’s message about the score on the field', async () => {
    await record('1000');
    const { status, statusText, headers, body } = problem(400, {
      type: '/problems/validation-failed',
      title: 'The request has invalid fields',
      errors: [{ field: 'score', messages: ['at most 1000 for AZ-900'] }],
    });
    backend.expectOne('/api/exam-attempts/a1/result').flush(body, { status, statusText, headers });
    await fixture.whenStable();
    expect(text('result-score-error')).toBe('at most 1000 for AZ-900');
    expect(text('problem')).toContain('Score: at most 1000 for AZ-900');
  });
});
