import { afterFailedDelivery, MAX_MAIL_ATTEMPTS } from './mail-retry-policy';

describe('mail retry policy', () => {
  it('waits a minute after the first failure, then doubles the wait', () => {
    expect(afterFailedDelivery(0)).toEqual({ status: 'pending', retryInMs: 60_000 });
    expect(afterFailedDelivery(1)).toEqual({ status: 'pending', retryInMs: 120_000 });
    expect(afterFailedDelivery(2)).toEqual({ status: 'pending', retryInMs: 240_000 });
  });

  it('never waits more than an hour between attempts', () => {
    expect(afterFailedDelivery(6, 20)).toEqual({ status: 'pending', retryInMs: 3_600_000 });
    expect(afterFailedDelivery(15, 20)).toEqual({ status: 'pending', retryInMs: 3_600_000 });
  });

  it('gives up when the last allowed attempt fails', () => {
    expect(MAX_MAIL_ATTEMPTS).toBe(8);
    expect(afterFailedDelivery(6).status).toBe('pending');
    expect(afterFailedDelivery(7)).toEqual({ status: 'dead' });
    expect(afterFailedDelivery(0, 1)).toEqual({ status: 'dead' });
  });
});
