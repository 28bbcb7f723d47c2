import { TickBatcher } from './tick-batcher';

describe('TickBatcher (one call answers the calls of one turn of the event loop)', () => {
  it('answers the calls of one turn with one run, in order, and the next turn with another', async () => {
    const runs: number[][] = [];
    const batcher = new TickBatcher<number, string>((inputs) => {
      runs.push(inputs);
      return Promise.resolve(inputs.map((n) => `#${n}`));
    }, 10);
    expect(await Promise.all([3, 1, 2].map((n) => batcher.add(n)))).toEqual(['#3', '#1', '#2']);
    expect(await batcher.add(4)).toBe('#4');
    expect(runs).toEqual([[3, 1, 2], [4]]);
  });

  it('splits a turn with more calls than one run may take', async () => {
    const runs: number[] = [];
    const batcher = new TickBatcher<number, number>((inputs) => {
      runs.push(inputs.length);
      return Promise.resolve(inputs);
    }, 4);
    expect(await Promise.all(Array.from({ length: 9 }, (_, n) => batcher.add(n)))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8,
    ]);
    expect(runs).toEqual([4, 4, 1]);
  });

  it('fails every call of a failed run, and one call alone when the run answers it with a rejection', async () => {
    let fail = true;
    const batcher = new TickBatcher<number, number>(
      (inputs) =>
        fail
          ? Promise.reject(new Error('database down'))
          : Promise.resolve(inputs.map((n) => (n < 0 ? Promise.reject(new Error(`refused ${n}`)) : n))),
      10,
    );
    const failed = await Promise.allSettled([batcher.add(1), batcher.add(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    const mixed = await Promise.allSettled([batcher.add(1), batcher.add(-2), batcher.add(3)]);
    expect(mixed).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('refused -2') },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  it('fails a run that answers a different number of calls than it was given', async () => {
    const batcher = new TickBatcher<number, number>((inputs) => Promise.resolve(inputs.slice(1)), 10);
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow('a batch of 2 got 1 answers');
  });

  it('with maxInFlight 1, sends the next run once the last has ended, with all that came meanwhile, before answering the last', async () => {
    const runs: number[][] = [];
    const releases: (() => void)[] = [];
    const batcher = new TickBatcher<number, number>(
      (inputs) => {
        runs.push(inputs);
        // each run ends only when the test lets it (a statement still running)
        return new Promise((resolve) => releases.push(() => resolve(inputs)));
      },
      10,
      1,
    );
    const first = batcher.add(1);
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([[1]]);
    // asked while the first run is under way: they wait, in one run
    const later = [batcher.add(2), batcher.add(3)];
    await new Promise((r) => setImmediate(r));
    const more = batcher.add(4);
    await new Promise((r) => setImmediate(r));
    expect(runs).toEqual([[1]]);
    let runsWhenAnswered: number[][] = [];
    void first.then(() => (runsWhenAnswered = runs.map((r) => [...r])));
    releases.shift()?.();
    expect(await first).toBe(1);
    // the next run had gone out before the first one's caller heard back
    expect(runsWhenAnswered).toEqual([[1], [2, 3, 4]]);
    releases.shift()?.();
    expect(await Promise.all([...later, more])).toEqual([2, 3, 4]);
  });

  it('without a bound, a run that ends does not cut short the turn of calls still coming', async () => {
    const runs: number[][] = [];
    let endFirst: () => void = () => undefined;
    const batcher = new TickBatcher<number, number>((inputs) => {
      runs.push(inputs);
      return runs.length === 1
        ? new Promise((resolve) => (endFirst = () => resolve(inputs)))
        : Promise.resolve(inputs);
    }, 10);
    const first = batcher.add(1);
    await new Promise((r) => setImmediate(r));
    // in one turn: a call, the first run ending, another call; the two calls go together
    const second = batcher.add(2);
    endFirst();
    await first;
    const third = batcher.add(3);
    expect(await Promise.all([second, third])).toEqual([2, 3]);
    expect(runs).toEqual([[1], [2, 3]]);
  });

  it('with maxInFlight 1, does not wait for an answer given as a promise before the next run', async () => {
    const runs: number[][] = [];
    let settleSlow: (n: number) => void = () => undefined;
    const batcher = new TickBatcher<number, number>(
      (inputs) => {
        runs.push(inputs);
        // the first input of the first run is answered later, on its own (tried again alone)
        return Promise.resolve(
          inputs.map((n) => (n === 1 ? new Promise<number>((resolve) => (settleSlow = resolve)) : n)),
        );
      },
      10,
      1,
    );
    const slow = batcher.add(1);
    await new Promise((r) => setImmediate(r));
    expect(await batcher.add(2)).toBe(2);
    expect(runs).toEqual([[1], [2]]);
    settleSlow(1);
    expect(await slow).toBe(1);
  });

  it('with maxInFlight 1, still goes on after a failed run', async () => {
    let calls = 0;
    const batcher = new TickBatcher<number, number>(
      (inputs) => (calls++ === 0 ? Promise.reject(new Error('connection lost')) : Promise.resolve(inputs)),
      10,
      1,
    );
    await expect(batcher.add(1)).rejects.toThrow('connection lost');
    expect(await batcher.add(2)).toBe(2);
  });
});
