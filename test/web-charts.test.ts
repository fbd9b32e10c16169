// The web application's chart options: axis numbers the Dutch way, as everywhere else on the page.
import { describe, expect, it } from 'vitest';
import { barsOption, linesOption } from '../web/src/chart-options.ts';

type Axis = { axisLabel: { formatter: (v: number) => string } };

describe('chart axes', () => {
  it('write thousands with a point and decimals with a comma, with the unit after', () => {
    const bars = barsOption(['A', 'B'], [{ name: 'x', data: [2000, 1] }], '%') as unknown as { xAxis: Axis };
    expect(bars.xAxis.axisLabel.formatter(2000)).toBe('2.000%');
    expect(bars.xAxis.axisLabel.formatter(12.5)).toBe('12,5%');
    const lines = linesOption(['2028-Q1'], [{ name: 'x', data: [1] }]) as unknown as { yAxis: Axis };
    expect(lines.yAxis.axisLabel.formatter(1234567)).toBe('1.234.567');
  });
});
