// Chart options for the pages (plain objects: ECharts itself is loaded only when one is drawn).
import type { EChartsCoreOption as ChartOption } from 'echarts/core';

export interface Series {
  readonly name: string;
  readonly data: readonly (number | null)[];
}

const legend = (series: readonly Series[]) => (series.length > 1 ? { legend: { top: 0, type: 'scroll' } } : {});
const grid = (series: readonly Series[], horizontal = false) => ({ grid: { left: horizontal ? 8 : 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true } });
const short = (s: string, n = 28) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** Axis numbers the Dutch way (2.000, 1,5). */
// hideOverlap: on a phone the value axis has room for fewer labels than ECharts places; it drops
// the ones that would overlap instead of printing them over each other.
const dutch = (unit = '') => ({ formatter: (v: number) => `${v.toLocaleString('nl-NL')}${unit}`, hideOverlap: true });

/** Horizontal bars: one category per row (long names stay readable on a phone). */
export function barsOption(categories: readonly string[], series: readonly Series[], unit = ''): ChartOption {
  return {
    ...legend(series),
    ...grid(series, true),
    xAxis: { type: 'value', axisLabel: dutch(unit) },
    yAxis: { type: 'category', data: categories.map((c) => short(c)), inverse: true, axisLabel: { width: 180, overflow: 'truncate' } },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: [...s.data] })),
  };
}

/** Lines over time (months, quarters or half years). */
export function linesOption(periods: readonly string[], series: readonly Series[]): ChartOption {
  return {
    ...legend(series),
    ...grid(series),
    xAxis: { type: 'category', data: [...periods] },
    yAxis: { type: 'value', axisLabel: dutch() },
    series: series.map((s) => ({ type: 'line', name: s.name, data: [...s.data], connectNulls: false, symbolSize: 6 })),
  };
}

/** Rough height for horizontal bars: enough room per category. */
export function barsTall(categories: number): boolean {
  return categories > 8;
}
