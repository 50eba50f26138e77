export interface ChartSeries {
  label: string;
  values: number[];
  /** A CSS colour, e.g. `var(--accent)`. */
  color: string;
}

interface LineChartProps {
  title: string;
  series: ChartSeries[];
  /** How values read to people (axis top and the legend). */
  format: (value: number) => string;
  /** Fixed top of the scale (CPU 100 %, memory limit); otherwise the largest value. */
  max?: number;
  /** How many points the x axis holds. */
  capacity: number;
}

const WIDTH = 600;
const HEIGHT = 140;

function points(values: number[], top: number, capacity: number): string {
  const step = WIDTH / Math.max(1, capacity - 1);
  const offset = capacity - values.length;
  return values
    .map((v, i) => {
      const x = (offset + i) * step;
      const y = HEIGHT - (Math.min(v, top) / top) * HEIGHT;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** A small SVG line chart of the last samples, newest on the right, with a text legend. */
export function LineChart({ title, series, format, max, capacity }: LineChartProps) {
  const largest = Math.max(0, ...series.flatMap((s) => s.values));
  const top = max && max > 0 ? max : largest > 0 ? largest * 1.15 : 1;
  const samples = Math.max(0, ...series.map((s) => s.values.length));
  const latest = series.map((s) => `${s.label} ${format(s.values.at(-1) ?? 0)}`).join(', ');
  return (
    <figure className="chart card" data-samples={samples}>
      <figcaption>
        <strong>{title}</strong>
        <span className="chart-legend">
          {series.map((s) => (
            <span key={s.label}>
              <span className="chart-swatch" style={{ background: s.color }} aria-hidden="true" />
              {s.label} <b>{format(s.values.at(-1) ?? 0)}</b>
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${title}: ${samples} samples, latest ${latest}`}
      >
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1={0} x2={WIDTH} y1={HEIGHT * f} y2={HEIGHT * f} className="chart-grid" />
        ))}
        {series.map((s) => (
          <polyline
            key={s.label}
            points={points(s.values, top, capacity)}
            fill="none"
            stroke={s.color}
            strokeWidth={2}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      </svg>
      <div className="chart-scale muted small">
        <span>scale {format(top)}</span>
        <span>{samples} samples</span>
      </div>
    </figure>
  );
}
