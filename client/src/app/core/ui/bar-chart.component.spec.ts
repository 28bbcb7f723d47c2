import { TestBed } from '@angular/core/testing';
import { BarChartComponent, BarDatum } from './bar-chart.component';

async function render(data: BarDatum[]): Promise<HTMLElement> {
  const fixture = TestBed.createComponent(BarChartComponent);
  fixture.componentRef.setInput('data', data);
  fixture.componentRef.setInput('caption', 'Vouchers by state');
  fixture.detectChanges();
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('BarChartComponent', () => {
  it('draws one bar per figure, sized against a rounded axis', async () => {
    const chart = await render([
      { label: 'Bought', value: 30, caption: '30 · $4,950.00' },
      { label: 'Redeemed', value: 15 },
      { label: 'Voided', value: 0 },
    ]);
    const bars = Array.from(chart.querySelectorAll<SVGRectElement>('[data-testid="chart-bar"]'));
    const widths = bars.map((b) => Number(b.getAttribute('width')));
    expect(bars).toHaveLength(3);
    // the axis ends at 30, so Bought fills it, Redeemed half of it and Voided nothing
    expect(widths[1]).toBeCloseTo(widths[0] / 2);
    expect(widths[2]).toBe(0);
    const ticks = Array.from(chart.querySelectorAll('text.tick')).map((t) => t.textContent?.trim());
    expect(ticks).toEqual(['0', '10', '20', '30']);
  });

  it('gives screen readers the figures as text and hides the drawing from them', async () => {
    const chart = await render([
      { label: 'Bought', value: 30, caption: '30 · $4,950.00' },
      { label: 'Redeemed', value: 15 },
    ]);
    expect(chart.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    const items = Array.from(chart.querySelectorAll('ul li')).map((li) => li.textContent?.trim());
    expect(items).toEqual(['Bought: 30 · $4,950.00', 'Redeemed: 15']);
    expect(chart.querySelector('figcaption')?.textContent).toContain('Vouchers by state');
  });
});
