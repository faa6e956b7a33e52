import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  colour: string;
  dashed?: boolean;
}

export interface ChartProps {
  title: string;
  /** x: epoch seconds; one array per series, aligned with x; null where there is no value. */
  x: number[];
  ys: (number | null)[][];
  series: ChartSeries[];
  /** Formats a value on the y axis and in the legend. */
  format: (value: number) => string;
  height?: number;
  testId?: string;
}

/**
 * A time-series chart (uPlot). The plot is made once per set of series and fed new data on every poll:
 * remaking it each time would flicker and lose the cursor.
 */
export function Chart({ title, x, ys, series, format, height = 180, testId }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const seriesKey = series.map((s) => `${s.label}|${s.colour}|${s.dashed ? 1 : 0}`).join('\n');

  // Remade only when the series change (seriesKey), not on every new array of the same series.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const axisColour = getComputedStyle(element).getPropertyValue('--muted').trim() || '#777';
    const gridColour = getComputedStyle(element).getPropertyValue('--grid').trim() || '#eee';
    const options: uPlot.Options = {
      width: Math.max(200, element.clientWidth),
      height,
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour } },
        {
          stroke: axisColour,
          grid: { stroke: gridColour, width: 1 },
          ticks: { stroke: gridColour },
          size: 64,
          values: (_u, values) => values.map((v) => format(v)),
        },
      ],
      series: [
        {},
        ...series.map((s) => ({
          label: s.label,
          stroke: s.colour,
          width: 1.5,
          ...(s.dashed ? { dash: [4, 3] } : {}),
          spanGaps: false,
          // uPlot draws the points itself when they are sparse: a lone figure between idle intervals stays visible.
          points: { size: 5 },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : format(v)),
        })),
      ],
    };
    const made = new uPlot(options, [x, ...ys] as uPlot.AlignedData, element);
    plot.current = made;
    // The page's width changes with the window: the chart follows its box.
    const resize = new ResizeObserver(() => made.setSize({ width: Math.max(200, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      made.destroy();
      plot.current = null;
    };
  }, [seriesKey, height]);

  useEffect(() => {
    plot.current?.setData([x, ...ys] as uPlot.AlignedData);
  }, [x, ys]);

  return (
    <figure class="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} class="chart-plot" />
    </figure>
  );
}
