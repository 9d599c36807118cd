import { backoffSeconds, secondsLeft } from './login-backoff';

describe('login backoff', () => {
  it('is free for the first failures, then doubles up to the cap', () => {
    expect([4, 5, 6, 7, 20].map((n) => backoffSeconds(n, 5, 10, 900))).toEqual([0, 10, 20, 40, 900]);
  });

  it('counts the wait from the latest failure', () => {
    // counter forgets 15 min after the latest failure; 3 s ago means 897 s left of it
    expect(secondsLeft(10, 900_000, 897_000)).toBe(7);
    expect(secondsLeft(10, 900_000, 880_000)).toBe(0);
  });
});
