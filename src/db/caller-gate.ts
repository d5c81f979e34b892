import type { RequestBudget } from './request-budget.js';

type Lane = { active: number; waiting: Array<() => void> };

/**
 * At most `limit` read connections per caller at once, in this process. One request of ten aliases at the
 * filter caps could otherwise hold ten connections (the whole pool) and both CPUs until the statement
 * timeout, and a caller within its rate could keep it so: with a lane per caller, others keep the rest of
 * the pool. A statement waiting for its caller's lane waits within its request's budget, and is refused
 * (QUERY_TIMEOUT) if the budget ends first. `limit` 0 turns the gate off.
 */
export class CallerGate {
  private readonly lanes = new Map<string, Lane>();

  constructor(readonly limit: number) {}

  /** Resolves with the function that gives the place back, once the caller has a free place. */
  async enter(caller: string, budget?: RequestBudget): Promise<() => void> {
    if (this.limit <= 0) return () => undefined;
    let lane = this.lanes.get(caller);
    if (!lane) this.lanes.set(caller, (lane = { active: 0, waiting: [] }));
    if (lane.active >= this.limit) await this.wait(lane, budget);
    lane.active++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      lane.active--;
      const next = lane.waiting.shift();
      if (next) next();
      else if (!lane.active) this.lanes.delete(caller);
    };
  }

  private wait(lane: Lane, budget?: RequestBudget): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        stopWatching?.();
        resolve();
      };
      lane.waiting.push(wake);
      const stopWatching = budget?.watch(() => {
        lane.waiting.splice(lane.waiting.indexOf(wake), 1);
        reject(budget.error());
      });
    });
  }
}
