// Apache ECharts, tree-shaken: the core, the canvas renderer and only the charts and components the
// pages use. Imported lazily by components/Chart.tsx.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

/** The theme's colours (CSS custom properties of theme.css), so that a region's theme colours its charts too. */
function palette(el: HTMLElement): { colors: string[]; text: string; font: string } {
  const css = getComputedStyle(el);
  const colors = [1, 2, 3, 4, 5, 6].map((i) => css.getPropertyValue(`--jr-chart-${i}`).trim()).filter((c) => c !== '');
  return { colors, text: css.getPropertyValue('--jr-chart-text').trim() || '#1a1a1a', font: css.fontFamily };
}

/** Draws `option` in `el`, follows its size; returns the clean-up. */
export function draw(el: HTMLElement, option: echarts.EChartsCoreOption): () => void {
  const { colors, text, font } = palette(el);
  const chart = echarts.init(el, null, { renderer: 'canvas', locale: 'EN' });
  chart.setOption({
    ...(colors.length > 0 ? { color: colors } : {}),
    textStyle: { color: text, fontFamily: font },
    animation: false,
    // Rich text: drawn on the canvas, no HTML with inline styles (which the CSP would refuse).
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    ...option,
  });
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(el);
  return () => {
    resize.disconnect();
    chart.dispose();
  };
}
