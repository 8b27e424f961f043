/**
 * A Vega-Lite specification as plain JSON (typed loosely on purpose: the library builds these, users may
 * extend them with any Vega-Lite property). Render with {@link renderSvg} / {@link renderPng}, or hand it to
 * any Vega-Lite front end (Jupyter, Observable, the Vega editor, `vega-embed`).
 */
export interface VegaLiteSpec {
  readonly $schema: string;
  readonly [property: string]: unknown;
}

/** Options every chart function accepts. */
export interface ChartOptions {
  /** Chart title. @default a title that names what is shown */
  readonly title?: string;
  /** Subtitle under the title. @default a short note on what is shown, or none */
  readonly subtitle?: string;
  /** Width of the plotting area in pixels. @default 560 */
  readonly width?: number;
  /** Height of the plotting area in pixels. @default depends on the chart */
  readonly height?: number;
}
