import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { allocationBySizeClass } from '../allocation/allocation-by-size-class.js';
import { evaluationBySizeClass } from '../allocation/evaluation-by-size-class.js';
import { formatFixed, formatPercent, formatPValueColumn, formatSignificant } from '../format/numbers.js';
import type { GlmFit } from '../glm/types.js';
import { loadOptional } from '../internal/optional.js';
import { checkOptions } from '../internal/options.js';
import type { AllocationPipelineResult } from '../pipeline/run-allocation-pipeline.js';
import { budgetChangePlot } from './budget-change-plot.js';
import { coefficientPlot } from './coefficient-plot.js';
import { predictedVsActualPlot } from './predicted-vs-actual-plot.js';
import { compileChart } from './render-svg.js';
import type { VegaLiteSpec } from './types.js';

/** Options of {@link htmlReport}. */
export interface HtmlReportOptions {
  /** The report's title. @default 'Allocation of the bijstand budgets <budget year>' */
  readonly title?: string;
  /** Rows in the table of the largest budget-share changes. @default 15 */
  readonly largestChanges?: number;
}

/**
 * The published values beside which the report prints this run's statistics: the SEO/Atlas report on the
 * 2024 allocation (S0 ch.3-4; see DOMAIN.md C.6).
 */
const PUBLISHED = {
  meanAbsoluteChange: { value: 0.048, source: 'S0 ch.3: mean absolute budget-share change 2023 → 2024' },
  meanAbsoluteDeviation: { value: 0.067, source: 'S0 ch.4: model 2024 vs spending 2022' },
  persistenceRSquared: { value: 0.7, source: 'S0 Fig 4.3: deviation 2024 on deviation 2023' },
} as const;

const WHERE = 'htmlReport';

/** Text as HTML: user-supplied names (municipality codes, terms) are data, never markup. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON inside a `<script type="application/json">` element: no `<` can end the element early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

const euros = (cents: number) => `€\u00a0${formatFixed(cents / 100, { decimals: 0, groupMark: ',' })}`;
const pct = (x: number | null, decimals = 1) => formatPercent(x, { decimals });
const count = (x: number) => formatFixed(x, { decimals: 0, groupMark: ',' });

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[],
): string {
  const cell = (tag: 'td' | 'th', text: string, i: number) =>
    `<${tag}${numeric[i] ? ' class="num"' : ''}>${esc(text)}</${tag}>`;
  return `<table><thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function coefficientTable(fit: GlmFit, truth: Readonly<Record<string, number>>): string {
  const rows = fit.tidy();
  const p = formatPValueColumn(rows.map((r) => r.pValue));
  return table(
    ['term', 'estimate', 'std. error', 'statistic', 'p-value', '95% interval', 'true value'],
    rows.map((r, i) => [
      r.term,
      formatSignificant(r.estimate, { digits: 4 }),
      formatSignificant(r.stdError, { digits: 3 }),
      formatFixed(r.statistic, { decimals: 2 }),
      p[i]!,
      `${formatSignificant(r.confLow, { digits: 3 })} … ${formatSignificant(r.confHigh, { digits: 3 })}`,
      Object.hasOwn(truth, r.term) ? formatSignificant(truth[r.term]!, { digits: 4 }) : '–',
    ]),
    [false, true, true, true, true, true, true],
  );
}

function fitOptions(name: string, fit: GlmFit): string[] {
  const g = fit.glance();
  const v = g.vcov as { type: string; cluster?: readonly string[] };
  return [
    name,
    `${g.family} (${g.link})`,
    count(g.nobs),
    String(fit.terms.length),
    `${v.type}${v.cluster ? `(${v.cluster.join(', ')})` : ''} [${g.smallSampleRule}]`,
    `${g.iterations}${g.converged ? '' : ' (not converged)'}`,
    formatFixed(g.pseudoR2, { decimals: 4 }),
  ];
}

/** A bar chart of one statistic per size class (S0 Fig 3.1, 3.2, 4.1), with the values as tooltips. */
function sizeClassBars(
  rows: readonly { sizeClass: string; series: string; value: number }[],
  title: string,
  axis: string,
): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 520,
    height: 240,
    data: { values: rows.map((r) => ({ ...r })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: {
        field: 'sizeClass',
        type: 'nominal',
        title: 'size class (inhabitants)',
        sort: null,
        axis: { labelAngle: 0 },
      },
      xOffset: { field: 'series', type: 'nominal', sort: null },
      y: { field: 'value', type: 'quantitative', title: axis, axis: { format: '.1%' } },
      color: { field: 'series', type: 'nominal', sort: null, title: null, legend: { orient: 'top' } },
      tooltip: [
        { field: 'sizeClass', type: 'nominal', title: 'size class' },
        { field: 'series', type: 'nominal', title: 'series' },
        { field: 'value', type: 'quantitative', title: axis, format: '.2%' },
      ],
    },
  };
}

/** The Vega runtime (the optional peer `vega`, its browser build), read on first use. */
async function vegaRuntime(): Promise<string> {
  const entry = await loadOptional('vega', WHERE, async () => createRequire(import.meta.url).resolve('vega'));
  return readFile(join(dirname(entry), 'vega.min.js'), 'utf8');
}

const STYLE = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:1240px;margin:2rem auto;padding:0 1.5rem}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2.4rem;border-bottom:2px solid #0b5394;padding-bottom:.2rem;color:#0b5394}
.lead{color:#555}table{border-collapse:collapse;margin:.8rem 0 1.2rem;font-size:.85rem}
th,td{padding:.25rem .6rem;border-bottom:1px solid #ddd;text-align:left}th{background:#f2f5f9}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.chart{margin:1rem 0}
.note{font-size:.85rem;color:#666}figure{margin:1.2rem 0}figcaption{font-weight:600;margin-bottom:.3rem}`;

/** Draws every chart with the inlined Vega runtime; marks the page when all are drawn (or one failed). */
const DRAW = `(async()=>{const done=[];for(const el of document.querySelectorAll('.chart')){
const spec=JSON.parse(document.getElementById(el.dataset.spec).textContent);
const view=new vega.View(vega.parse(spec),{renderer:'svg',container:el,hover:true});
done.push(view.runAsync().then(()=>{el.dataset.drawn='true'}))}
try{await Promise.all(done);document.body.dataset.charts='drawn'}catch(e){document.body.dataset.charts='failed';console.error(e)}})();`;

/**
 * One self-contained HTML file reporting an allocation run, shaped like the SEO/Atlas report on the 2024
 * budgets (S0): the allocation by size class, the budget-share changes and their largest movers, the
 * deviation of budget shares from spending shares, the evaluation statistics beside the published ones,
 * the coefficient tables of the volume and price models, and the options used. The charts are
 * interactive Vega views (tooltips on hover) drawn in the page by the Vega runtime, which is inlined
 * with the compiled chart specs: the file opens offline, with no request to the network.
 *
 * Needs the optional peer packages `vega` and `vega-lite` (loaded on first use).
 *
 * @param run - the result of `runAllocationPipeline`
 * @returns the HTML text (about 0.6 MB, most of it the Vega runtime)
 * @throws {SpecError} `missing-dependency` when vega or vega-lite is not installed; `unknown-option` /
 *   `invalid-option` for a bad option
 * @example
 * ```ts
 * import { writeFile } from 'node:fs/promises';
 * import type { AllocationPipelineResult } from 'verdeelmodel/pipeline';
 * import { htmlReport } from 'verdeelmodel/report';
 * declare const run: AllocationPipelineResult; // runAllocationPipeline({ households: 150_000 })
 * await writeFile('report.html', await htmlReport(run));
 * ```
 */
export async function htmlReport(
  run: AllocationPipelineResult,
  options: HtmlReportOptions = {},
): Promise<string> {
  const o = checkOptions(options, ['title', 'largestChanges'], WHERE);
  const largest = o.largestChanges ?? 15;
  const { current, previous } = run;
  const year = current.budgetYear;
  const title = o.title ?? `Allocation of the bijstand budgets ${year}`;
  const byClass = allocationBySizeClass(current.allocation);
  const byClassPrevious = new Map(allocationBySizeClass(previous.allocation).map((r) => [r.sizeClass, r]));
  const evaluation = evaluationBySizeClass({
    shareChange: run.shareChange,
    deviation: run.deviation,
    persistence: run.persistence,
  });
  const inhabitantsOf = new Map(
    current.allocation.municipalities.map((a) => [a.municipality, a.inhabitants]),
  );
  const sizeClassOf = new Map(run.shareChange.municipalities.map((m) => [m.municipality, m.sizeClass]));
  const classes = byClass.filter((r) => r.sizeClass !== 'all');

  const charts: { id: string; caption: string; spec: VegaLiteSpec }[] = [
    {
      id: 'shares',
      caption: `Figure 1 Budget share and population share by size class, ${previous.budgetYear} and ${year}`,
      spec: sizeClassBars(
        classes.flatMap((r) => [
          {
            sizeClass: r.sizeClass,
            series: `budget share ${previous.budgetYear}`,
            value: byClassPrevious.get(r.sizeClass)?.budgetShare ?? 0,
          },
          { sizeClass: r.sizeClass, series: `budget share ${year}`, value: r.budgetShare },
          { sizeClass: r.sizeClass, series: 'share of inhabitants', value: r.inhabitantsShare },
        ]),
        'Budget and population shares by size class',
        'share',
      ),
    },
    {
      id: 'changes',
      caption: `Figure 2 Budget-share changes ${previous.budgetYear} → ${year} per municipality`,
      spec: budgetChangePlot(run.shareChange.municipalities, {
        title: `Budget-share changes ${previous.budgetYear} → ${year} by size class`,
      }),
    },
    {
      id: 'spending',
      caption: `Figure 3 Predicted and realised spending per municipality (model ${year})`,
      spec: predictedVsActualPlot(
        current.spending.map((s) => ({
          municipality: s.municipality,
          predicted: s.expectedSpending,
          actual: s.actualSpending ?? Number.NaN,
          group: sizeClassOf.get(s.municipality) ?? null,
        })),
        { quantity: 'spending (euros, sample scale)' },
      ),
    },
    {
      id: 'evaluation',
      caption: 'Figure 4 Mean absolute share change and deviation by size class',
      spec: sizeClassBars(
        evaluation
          .filter((e) => e.sizeClass !== 'all')
          .flatMap((e) => [
            {
              sizeClass: e.sizeClass,
              series: 'mean absolute share change',
              value: e.meanAbsoluteChange ?? 0,
            },
            {
              sizeClass: e.sizeClass,
              series: 'mean absolute deviation',
              value: e.meanAbsoluteDeviation ?? 0,
            },
          ]),
        'Evaluation statistics by size class',
        'mean absolute value',
      ),
    },
    {
      id: 'coefficients',
      caption: 'Figure 5 Volume model coefficients with 95% intervals',
      spec: coefficientPlot(current.volume.fit.tidy().slice(1)),
    },
  ];
  const compiled = await Promise.all(charts.map(async (c) => (await compileChart(c.spec, WHERE)).vega));
  const runtime = await vegaRuntime();
  const figure = (i: number) =>
    `<figure><figcaption>${esc(charts[i]!.caption)}</figcaption><div class="chart" id="chart-${charts[i]!.id}" data-spec="spec-${charts[i]!.id}"></div></figure>`;

  const allocationTable = table(
    [
      'size class',
      'municipalities',
      'inhabitants',
      'objective',
      'historical',
      'DTI',
      'LKS',
      'total',
      `share ${previous.budgetYear}`,
      `share ${year}`,
      'inhabitants share',
    ],
    byClass.map((r) => [
      r.sizeClass === 'all' ? 'Netherlands' : r.sizeClass,
      count(r.municipalities),
      count(r.inhabitants),
      euros(r.objectiveCents),
      euros(r.historicalCents),
      euros(r.dtiCents),
      euros(r.lksCents),
      euros(r.totalCents),
      pct(byClassPrevious.get(r.sizeClass)?.budgetShare ?? null),
      pct(r.budgetShare),
      pct(r.inhabitantsShare),
    ]),
    [false, true, true, true, true, true, true, true, true, true, true],
  );
  const movers = [...run.shareChange.municipalities]
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || (a.municipality < b.municipality ? -1 : 1))
    .slice(0, largest);
  const moversTable = table(
    ['municipality', 'size class', 'inhabitants', `share ${previous.budgetYear}`, `share ${year}`, 'change'],
    movers.map((m) => [
      m.municipality,
      m.sizeClass ?? '–',
      count(Math.round(inhabitantsOf.get(m.municipality) ?? Number.NaN)),
      pct(m.previousShare, 3),
      pct(m.currentShare, 3),
      pct(m.change),
    ]),
    [false, false, true, true, true, true],
  );
  const statisticsTable = table(
    ['statistic', 'this run', 'published (2024)', 'source'],
    [
      [
        `mean absolute budget-share change ${previous.budgetYear} → ${year}`,
        pct(run.shareChange.meanAbsoluteChange),
        pct(PUBLISHED.meanAbsoluteChange.value),
        PUBLISHED.meanAbsoluteChange.source,
      ],
      [
        `mean absolute deviation of budget share ${year} from spending share`,
        pct(run.deviation.meanAbsoluteDeviation),
        pct(PUBLISHED.meanAbsoluteDeviation.value),
        PUBLISHED.meanAbsoluteDeviation.source,
      ],
      [
        `persistence: R² of deviations ${year} on ${previous.budgetYear}`,
        formatFixed(run.persistence.overall.rSquared, { decimals: 2 }),
        formatFixed(PUBLISHED.persistenceRSquared.value, { decimals: 2 }),
        PUBLISHED.persistenceRSquared.source,
      ],
    ],
    [false, true, true, false],
  );
  const evaluationTable = table(
    ['size class', 'municipalities', 'mean abs. share change', 'mean abs. deviation', 'persistence R²'],
    evaluation.map((e) => [
      e.sizeClass === 'all' ? 'Netherlands' : e.sizeClass,
      count(e.n),
      pct(e.meanAbsoluteChange),
      pct(e.meanAbsoluteDeviation),
      e.persistenceRSquared === null ? '–' : formatFixed(e.persistenceRSquared, { decimals: 2 }),
    ]),
    [false, true, true, true, true],
  );
  const optionsTable = table(
    ['option', 'value'],
    [
      ...Object.entries(run.options).map(([k, v]) => [
        `pipeline: ${k}`,
        typeof v === 'number' ? String(v) : JSON.stringify(v),
      ]),
      ...Object.entries(current.allocation.options)
        .filter(([, v]) => typeof v !== 'object' || v === null)
        .map(([k, v]) => [`allocation: ${k}`, String(v)]),
      ['allocation: sizeClasses', current.allocation.options.sizeClasses.labels.join(', ')],
      [
        `model ${year}`,
        `estimated on ${current.estimationYear} data, actualised to ${current.actualisationYear}`,
      ],
    ],
    [false, false],
  );
  const modelsTable = table(
    ['model', 'family (link)', 'rows', 'coefficients', 'standard errors', 'iterations', 'pseudo R²'],
    [
      fitOptions('volume (receipt of bijstand)', current.volume.fit),
      fitOptions('price (benefit / norm)', current.price.fit),
    ],
    [false, false, true, true, false, true, true],
  );

  const body = `<h1>${esc(title)}</h1>
<p class="lead">Budget ${year} against budget ${previous.budgetYear}, on ${count(run.options.households)} synthetic households per data year (seed ${run.options.seed}). Macro budget ${euros(current.allocation.options.macroBudgetCents)}, distributed to the cent by largest remainder. Shaped like the SEO/Atlas report on the 2024 allocation.</p>
<h2>1 The allocation</h2>
<p>The regular budget of a municipality is the sum of an objective part (from the volume and price models), a historical part (realised spending two years earlier), DTI and LKS. Municipalities under 15,000 inhabitants are budgeted historically, above 40,000 objectively, and in between with a weight rising linearly.</p>
${allocationTable}
${figure(0)}
<h2>2 Budget-share changes</h2>
<p>The mean absolute change of the municipalities' budget shares from ${previous.budgetYear} to ${year} is <strong>${esc(pct(run.shareChange.meanAbsoluteChange))}</strong> (published for 2023 → 2024: ${esc(pct(PUBLISHED.meanAbsoluteChange.value))}).</p>
${figure(1)}
<h3>The largest share changes</h3>
${moversTable}
<h2>3 Budget against spending</h2>
<p>The mean absolute deviation of the budget shares from the spending shares is <strong>${esc(pct(run.deviation.meanAbsoluteDeviation))}</strong>; the deviations of model ${year} explain ${esc(formatFixed(run.persistence.overall.rSquared, { decimals: 2 }))} (R²) of those of model ${previous.budgetYear}.</p>
${figure(2)}
<h2>4 Evaluation statistics</h2>
${statisticsTable}
${evaluationTable}
${figure(3)}
<h2>5 The models</h2>
${modelsTable}
<h3>Volume model: logit of receiving bijstand</h3>
${coefficientTable(current.volume.fit, run.truth.volume.coefficients)}
${figure(4)}
<h3>Price model: fractional logit of benefit / normbedrag</h3>
${coefficientTable(current.price.fit, run.truth.price.coefficients)}
<h2>6 Options used</h2>
${optionsTable}
<p class="note">Charts: Vega ${esc(runtimeVersion(runtime))}, drawn in this page from the inlined runtime (no network). Hover a mark for its values.</p>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>
${body}
${charts.map((c, i) => `<script type="application/json" id="spec-${c.id}">${scriptJson(compiled[i])}</script>`).join('\n')}
<script>${runtime.replace(/<\/script/gi, '<\\/script')}</script>
<script>${DRAW}</script>
</body></html>
`;
}

/** The version the Vega build states in its header, or 'runtime'. */
function runtimeVersion(runtime: string): string {
  return /version\s*=\s*"([0-9.]+)"/.exec(runtime.slice(0, 200_000))?.[1] ?? 'runtime';
}
