/** A shared up/down count reported on every change (responses in flight across both transports). */
export class InFlightGauge {
  private value = 0;

  constructor(private readonly report: (value: number) => void) {}

  get current(): number {
    return this.value;
  }

  add(delta: number): void {
    if (delta === 0) return;
    this.value += delta;
    this.report(this.value);
  }
}
