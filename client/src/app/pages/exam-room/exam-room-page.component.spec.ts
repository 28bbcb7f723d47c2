import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ExamAttemptDto, UpcomingExamDto } from '@invigil/contracts';
import { ATTEMPT_POLL_MS, ExamRoomPageComponent } from './exam-room-page.component';

const exam: UpcomingExamDto = {
  bookingId: 'b1',
  examCode: 'MO-200',
  examTitle: 'Microsoft Excel (Office 2019)',
  durationMinutes: 50,
  deliveryMode: 'online_proctored',
  start: '2026-12-20T15:00:00.000Z',
  centreName: 'Northfield Downtown Testing Centre',
  centreTimeZone: 'America/Toronto',
  localStart: '2026-12-20T10:00',
  offset: '-05:00',
  labName: null,
  address: null,
  onlineUrl: 'http://localhost:3000/me/exams/b1',
  fee: null,
  giveBackUntil: null,
};
const attempt = (outcome: ExamAttemptDto['outcome']): ExamAttemptDto => ({
  id: 'a1',
  candidateId: 'c1',
  candidateName: 'Jordan Lee',
  examId: 'e1',
  examCode: 'MO-200',
  examTitle: exam.examTitle,
  voucherId: 'v1',
  bookingId: 'b1',
  startedAt: '2026-12-20T14:55:00.000Z',
  outcome,
  score: outcome === 'failed' ? 640 : null,
  passingScore: 700,
  maxScore: 1000,
  finishedAt: null,
});

describe('ExamRoomPageComponent', () => {
  let fixture: ComponentFixture<ExamRoomPageComponent>;
  let backend: HttpTestingController;
  const status = (): string =>
    (fixture.nativeElement as HTMLElement).querySelector('[data-testid="exam-room-status"]')?.textContent ??
    '';

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      imports: [ExamRoomPageComponent],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ExamRoomPageComponent);
    fixture.componentRef.setInput('bookingId', 'b1');
    fixture.detectChanges();
  });

  afterEach(() => {
    backend.verify();
    vi.useRealTimers();
  });

  it('waits for the proctor, then shows the exam started once they start it', () => {
    backend.expectOne('/api/me/exams').flush([exam]);
    backend.expectOne('/api/me/exam-attempts').flush([]);
    fixture.detectChanges();
    expect(status()).toContain('Waiting for your proctor');
    expect(status()).toContain('30 minutes before the start');

    vi.advanceTimersByTime(ATTEMPT_POLL_MS);
    backend.expectOne('/api/me/exam-attempts').flush([attempt('in_progress')]);
    fixture.detectChanges();
    expect(status()).toContain('In progress');
    expect(status()).toContain('started your exam');

    vi.advanceTimersByTime(ATTEMPT_POLL_MS);
    backend.expectOne('/api/me/exam-attempts').flush([attempt('failed')]);
    fixture.detectChanges();
    expect(status()).toContain('Did not pass');
    // an outcome is final: no more asking
    vi.advanceTimersByTime(3 * ATTEMPT_POLL_MS);
    backend.expectNone('/api/me/exam-attempts');
  });

  it('says so when the booking is not one of the candidate’s exams', () => {
    backend.expectOne('/api/me/exams').flush([{ ...exam, bookingId: 'other' }]);
    backend.expectOne('/api/me/exam-attempts').flush([]);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No such exam of yours');
  });
});
