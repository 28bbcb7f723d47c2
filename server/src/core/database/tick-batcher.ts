interface Pending<I, O> {
  input: I;
  resolve: (output: O | Promise<O>) => void;
  reject: (error: unknown) => void;
}

/**
 * Answers the calls made in one turn of the event loop with one call of `run`: callers `add`
 * their input, and once the loop has handled what it received (setImmediate), `run` gets every
 * input queued since, in order, and returns one output for each. A larger queue is split into
 * runs of at most `maxBatch`. Alone, a call waits for nothing but the end of its turn; under
 * load, one database round trip answers several requests. Nothing is kept between turns.
 *
 * A failed `run` rejects every call of its batch with the same error. A `run` that can isolate
 * one input's failure from the others' returns a promise for that input's output instead: the
 * call follows it, and a rejected one fails that call alone.
 */
export class TickBatcher<I, O> {
  private pending: Pending<I, O>[] = [];
  private scheduled = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<(O | Promise<O>)[]>,
    private readonly maxBatch: number,
  ) {}

  add(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    for (let i = 0; i < batch.length; i += this.maxBatch) void this.answer(batch.slice(i, i + this.maxBatch));
  }

  private async answer(batch: Pending<I, O>[]): Promise<void> {
    try {
      const outputs = await this.run(batch.map((p) => p.input));
      if (outputs.length !== batch.length)
        throw new Error(`a batch of ${batch.length} got ${outputs.length} answers`);
      batch.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
