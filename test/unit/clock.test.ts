import { TestClock } from '../../src/core/clock';

describe('TestClock', () => {
  it('runs what is due when it is moved, earliest first, and never before', () => {
    const clock = new TestClock('2026-12-01T00:00:00Z');
    const ran: string[] = [];
    clock.after(3000, () => ran.push('3 s'));
    clock.after(1000, () => ran.push('1 s'));
    const cancel = clock.after(2000, () => ran.push('cancelled'));
    cancel();
    clock.advance(999);
    expect(ran).toEqual([]);
    clock.advance(2001);
    expect(ran).toEqual(['1 s', '3 s']);
    clock.set('2026-12-02T00:00:00Z');
    expect(ran).toEqual(['1 s', '3 s']);
  });

  it('runs a timer already due without being moved', async () => {
    const clock = new TestClock();
    const ran = new Promise<string>((resolve) => clock.after(-5, () => resolve('ran')));
    await expect(ran).resolves.toBe('ran');
  });
});
