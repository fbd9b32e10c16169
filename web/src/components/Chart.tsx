// A chart drawn by Apache ECharts, loaded only when a page shows one (its code is a chunk of its
// own, so the first page ships without it). Drawn on a canvas: the server's CSP allows no inline
// style, and ECharts sets its elements' styles from script, which the CSP allows. The chart is an
// image to a screen reader, with a label; the table beside it holds the same figures.
import { useEffect, useRef, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';

export type ChartOption = EChartsCoreOption;

export function Chart({ option, label, tall, rows }: { option: ChartOption; label: string; tall?: boolean; rows?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let dispose: (() => void) | undefined;
    let live = true;
    // Horizontal bars get room per row: the height is set from script (the CSP allows no style attribute).
    if (box.current && rows !== undefined) box.current.style.height = `${Math.max(240, rows * 24 + 90)}px`;
    import('../charts.ts').then(
      (charts) => {
        if (live && box.current) dispose = charts.draw(box.current, option);
      },
      () => setFailed(true),
    );
    return () => {
      live = false;
      dispose?.();
    };
  }, [option, rows]);
  return (
    <figure className="jr-chart">
      <div ref={box} className={tall ? 'jr-chart__canvas jr-chart__canvas--tall' : 'jr-chart__canvas'} role="img" aria-label={label} />
      {failed ? <figcaption>De grafiek kon niet worden geladen; de tabel hieronder toont dezelfde cijfers.</figcaption> : null}
    </figure>
  );
}
