import { SpecError } from '../errors.js';
import { sandwichProduct } from '../linalg/symmetric.js';
import type {
  ClusterAdjust,
  ClusterMeat,
  InferenceData,
  ResolvedVcov,
  VcovResult,
  VcovSpec,
} from './types.js';

/** One variance estimator: its name, what it computes in words, and how. */
interface VarianceEstimator<S extends ResolvedVcov> {
  /** Formula in words, with the R / Stata call it reproduces. */
  readonly formula: string;
  compute(fit: InferenceData, spec: S): { matrix: Float64Array; factor: number; rule: string; label: string };
}

type Plain = Extract<ResolvedVcov, { type: 'model' | 'HC0' | 'HC1' | 'HC2' | 'HC3' }>;
type Cluster = Extract<ResolvedVcov, { type: 'cluster' }>;
type NeweyWest = Extract<ResolvedVcov, { type: 'newey-west' }>;

const sandwich = (fit: InferenceData, meat: readonly number[]): Float64Array =>
  sandwichProduct(Float64Array.from(fit.bread), Float64Array.from(meat), fit.terms.length);

const scaled = (m: Float64Array, f: number): Float64Array => {
  for (let i = 0; i < m.length; i++) m[i] = m[i]! * f;
  return m;
};

function leverageMeat(fit: InferenceData, type: 'HC2' | 'HC3'): readonly number[] {
  const meat = type === 'HC2' ? fit.meatHC2 : fit.meatHC3;
  if (meat === null) {
    const note = fit.leverageNote;
    throw new SpecError(
      'no-leverage',
      note === null || note.startsWith('leverage: false')
        ? `vcov '${type}' needs the per-row leverage, which this fit did not keep (${note ?? 'leverage: false'}); refit with leverage: true`
        : `vcov '${type}' is not available for this fit: ${note}`,
      { option: 'vcov' },
    );
  }
  return meat;
}

/**
 * The one table of variance types. Each entry says what it computes; `vcov()` and every view
 * (tidy, summary, Wald tests, marginal effects, predictions) go through it.
 */
export const VARIANCE_ESTIMATORS = {
  model: {
    formula: "dispersion · (X'WX)⁻¹; R vcov(glm) / vcov(lm)",
    compute: (fit) => ({
      matrix: Float64Array.from(fit.bread, (v) => v * fit.dispersion),
      factor: 1,
      rule: `none (dispersion ${fit.family === 'binomial' || fit.family === 'probit' ? 'fixed at 1' : 'estimated'})`,
      label: 'model-based (R vcov(glm)/vcov(lm))',
    }),
  } satisfies VarianceEstimator<Plain>,
  HC0: {
    formula: 'B·Σ sᵢsᵢ\'·B with B = (X\'WX)⁻¹; sandwich::vcovHC(type = "HC0")',
    compute: (fit) => ({
      matrix: sandwich(fit, fit.meat),
      factor: 1,
      rule: 'none (HC0)',
      label: 'heteroskedasticity-robust HC0 (sandwich::vcovHC type "HC0")',
    }),
  } satisfies VarianceEstimator<Plain>,
  HC1: {
    formula: 'HC0 · n/(n − k); sandwich::vcovHC(type = "HC1"), Stata regress, vce(robust)',
    compute: (fit) => {
      const n = fit.nobs;
      const k = fit.terms.length;
      return {
        matrix: scaled(sandwich(fit, fit.meat), n / (n - k)),
        factor: n / (n - k),
        rule: `n/(n-k) = ${n}/${n - k}`,
        label: 'heteroskedasticity-robust HC1 (sandwich::vcovHC type "HC1"; Stata vce(robust) for regress)',
      };
    },
  } satisfies VarianceEstimator<Plain>,
  HC2: {
    formula: 'B·Σ sᵢsᵢ\'/(1 − hᵢ)·B, hᵢ the leverage of the weighted fit; sandwich::vcovHC(type = "HC2")',
    compute: (fit) => ({
      matrix: sandwich(fit, leverageMeat(fit, 'HC2')),
      factor: 1,
      rule: 'none (leverage-adjusted scores)',
      label: 'heteroskedasticity-robust HC2 (sandwich::vcovHC type "HC2")',
    }),
  } satisfies VarianceEstimator<Plain>,
  HC3: {
    formula: 'B·Σ sᵢsᵢ\'/(1 − hᵢ)²·B; sandwich::vcovHC(type = "HC3")',
    compute: (fit) => ({
      matrix: sandwich(fit, leverageMeat(fit, 'HC3')),
      factor: 1,
      rule: 'none (leverage-adjusted scores)',
      label: 'heteroskedasticity-robust HC3 (sandwich::vcovHC type "HC3")',
    }),
  } satisfies VarianceEstimator<Plain>,
  cluster: {
    formula:
      "Σ over non-empty subsets c of the cluster columns of (−1)^(|c|+1) · a_c · B·Σ_g S_g S_g'·B (Cameron–Gelbach–Miller), a_c = G_c/(G_c − 1) for adjust 'HC1' and 'stata', 1 for 'none'; times (n − 1)/(n − k) for 'HC1'; sandwich::vcovCL(type = \"HC1\" | \"HC0\", cadjust, multi0 = FALSE)",
    compute: (fit, spec) => clusterVcov(fit, spec.cluster, spec.adjust),
  } satisfies VarianceEstimator<Cluster>,
  'newey-west': {
    formula:
      "B·(Σ_l w_l Σ_t (s_t s_{t−l}' + s_{t−l} s_t'))·B with Bartlett weights w_l = 1 − l/(L + 1) over rows in data order (l = 0 counted once); times n/(n − k) with adjust; sandwich::NeweyWest(lag = L, prewhite = FALSE)",
    compute: (fit, spec) => neweyWest(fit, spec),
  } satisfies VarianceEstimator<NeweyWest>,
} as const;

/** Names of the variance types in the registry. */
export type VcovName = keyof typeof VARIANCE_ESTIMATORS;

const PLAIN = ['model', 'HC0', 'HC1', 'HC2', 'HC3'] as const;
const ADJUST: readonly ClusterAdjust[] = ['HC1', 'stata', 'none'];

/**
 * Resolve a {@link VcovSpec} against a fit: fill defaults, check cluster columns and options.
 * Every view resolves its vcov here, once.
 */
export function resolveVcov(
  spec: VcovSpec | undefined,
  fit: { readonly options: { readonly vcov?: ResolvedVcov; readonly clusters: readonly string[] } },
): ResolvedVcov {
  if (spec === undefined) {
    if (fit.options.vcov === undefined) return { type: 'model' };
    return fit.options.vcov;
  }
  return resolveVcovSpec(spec, fit.options.clusters);
}

/** Resolve a spec against the cluster columns a fit keeps (also used at fit time for the default). */
export function resolveVcovSpec(spec: VcovSpec, clusters: readonly string[]): ResolvedVcov {
  const names = `'model', 'HC0', 'HC1', 'HC2', 'HC3', 'cluster', { type: 'cluster', cluster, adjust } or { type: 'newey-west', lag }`;
  if (typeof spec === 'string') {
    if ((PLAIN as readonly string[]).includes(spec)) return { type: spec as Plain['type'] };
    if (spec === 'cluster') {
      if (clusters.length === 0) {
        throw new SpecError(
          'no-cluster',
          "vcov 'cluster' needs a cluster column: pass clusters: ['municipality'] (or the column to cluster on) when fitting",
          { option: 'vcov' },
        );
      }
      return { type: 'cluster', cluster: [clusters[0]!], adjust: 'HC1' };
    }
    throw new SpecError('unknown-vcov', `unknown vcov type '${spec}'; use one of ${names}`, {
      option: 'vcov',
    });
  }
  if (spec === null || typeof spec !== 'object') {
    throw new SpecError('unknown-vcov', `unknown vcov ${String(spec)}; use one of ${names}`, {
      option: 'vcov',
    });
  }
  const type = (spec as { type?: unknown }).type;
  const keys = Object.keys(spec);
  const allow = (allowed: readonly string[]) => {
    for (const k of keys) {
      if (!allowed.includes(k)) {
        throw new SpecError(
          'unknown-option',
          `vcov ${String(type)}: unknown field '${k}'; the fields are ${allowed.join(', ')}`,
          { option: 'vcov' },
        );
      }
    }
  };
  if ((PLAIN as readonly unknown[]).includes(type)) {
    allow(['type']);
    return { type: type as Plain['type'] };
  }
  if (type === 'cluster') {
    allow(['type', 'cluster', 'adjust']);
    const c = spec as { cluster?: unknown; adjust?: unknown };
    const list = typeof c.cluster === 'string' ? [c.cluster] : c.cluster;
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string')) {
      throw new SpecError(
        'invalid-option',
        "vcov cluster: 'cluster' must name one cluster column or an array of them",
        { option: 'vcov' },
      );
    }
    if (new Set(list).size !== list.length) {
      throw new SpecError('invalid-option', `vcov cluster: a column is named twice in [${list.join(', ')}]`, {
        option: 'vcov',
      });
    }
    if (list.length > 2) {
      throw new SpecError(
        'invalid-option',
        `vcov cluster: at most two-way clustering is supported, got ${list.length} columns`,
        { option: 'vcov' },
      );
    }
    for (const name of list) {
      if (!clusters.includes(name)) {
        throw new SpecError(
          'no-cluster',
          `vcov cluster: '${name}' is not among the fit's cluster columns (${clusters.length ? clusters.map((x) => `'${x}'`).join(', ') : 'none'}); name it in clusters: [...] when fitting`,
          { option: 'vcov' },
        );
      }
    }
    const adjust = c.adjust ?? 'HC1';
    if (!ADJUST.includes(adjust as ClusterAdjust)) {
      throw new SpecError(
        'invalid-option',
        `vcov cluster: adjust must be 'HC1', 'stata' or 'none', got ${JSON.stringify(adjust)}`,
        { option: 'vcov' },
      );
    }
    return { type: 'cluster', cluster: [...list] as string[], adjust: adjust as ClusterAdjust };
  }
  if (type === 'newey-west') {
    allow(['type', 'lag', 'adjust']);
    const s = spec as { lag?: unknown; adjust?: unknown };
    const lag = s.lag ?? null;
    if (lag !== null && !(typeof lag === 'number' && Number.isInteger(lag) && lag >= 0)) {
      throw new SpecError(
        'invalid-option',
        `vcov newey-west: lag must be an integer ≥ 0, got ${String(lag)}`,
        {
          option: 'vcov',
        },
      );
    }
    const adjust = s.adjust ?? false;
    if (typeof adjust !== 'boolean') {
      throw new SpecError('invalid-option', 'vcov newey-west: adjust must be true or false', {
        option: 'vcov',
      });
    }
    return { type: 'newey-west', lag: lag as number | null, adjust };
  }
  throw new SpecError('unknown-vcov', `unknown vcov type ${JSON.stringify(type)}; use one of ${names}`, {
    option: 'vcov',
  });
}

/**
 * A short name of a variance type for table footers (`'robust HC1'`, `'clustered by municipality'`);
 * the long `label` of {@link computeVcov} says which R/Stata call it equals.
 */
export function vcovShortLabel(spec: ResolvedVcov, kind: 'glm' | 'ols'): string {
  switch (spec.type) {
    case 'model':
      return kind === 'ols' ? 'classical OLS' : 'model-based';
    case 'cluster':
      return `${spec.cluster.length > 1 ? 'two-way ' : ''}clustered by ${spec.cluster.join(' and ')}${spec.adjust === 'HC1' ? '' : ` (${spec.adjust} adjustment)`}`;
    case 'newey-west':
      return `Newey–West${spec.lag === null ? '' : ` (lag ${spec.lag})`}`;
    default:
      return `robust ${spec.type}`;
  }
}

/** The covariance matrix of a fit's coefficients under one variance type, with its factor and label. */
export function computeVcov(fit: InferenceData, spec: ResolvedVcov): VcovResult {
  const entry = VARIANCE_ESTIMATORS[spec.type] as VarianceEstimator<ResolvedVcov>;
  const r = entry.compute(fit, spec);
  return { ...r, spec, df: referenceDf(fit, spec) };
}

/**
 * Reference distribution of Wald statistics: t with the residual df for linear models (any
 * vcov, as `lmtest::coeftest` on `lm`) and for estimated-dispersion GLMs with the model vcov
 * (as `summary.glm`); standard normal otherwise (as `coeftest` on `glm`).
 */
export function referenceDf(fit: InferenceData, spec: ResolvedVcov): number {
  if (fit.kind === 'ols') return fit.dfResidual;
  if (spec.type === 'model' && (fit.family === 'quasibinomial' || fit.family === 'gaussian'))
    return fit.dfResidual;
  return Number.POSITIVE_INFINITY;
}

function findMeat(fit: InferenceData, variables: readonly string[]): ClusterMeat {
  const want = [...variables].sort();
  const hit = fit.clusterMeats.find(
    (m) => m.variables.length === want.length && [...m.variables].sort().every((v, i) => v === want[i]),
  );
  if (!hit) {
    throw new SpecError(
      'no-cluster',
      `the fit keeps no cluster sums for ${want.map((v) => `'${v}'`).join(' × ')}; refit with clusters: [${want.map((v) => `'${v}'`).join(', ')}]`,
      { option: 'vcov' },
    );
  }
  return hit;
}

function clusterVcov(fit: InferenceData, variables: readonly string[], adjust: ClusterAdjust) {
  const p = fit.terms.length;
  const n = fit.nobs;
  const k = p;
  const subsets: string[][] =
    variables.length === 1 ? [[variables[0]!]] : [[variables[0]!], [variables[1]!], [...variables]];
  const total = new Float64Array(p * p);
  const parts: string[] = [];
  for (const c of subsets) {
    const m = findMeat(fit, c);
    if (m.groups < 2) {
      throw new SpecError(
        'no-cluster',
        `cluster ${c.join(' × ')} has ${m.groups} cluster; cluster-robust errors need at least 2`,
        { option: 'vcov' },
      );
    }
    const a = adjust === 'none' ? 1 : m.groups / (m.groups - 1);
    const sign = c.length % 2 === 1 ? 1 : -1;
    const v = sandwich(fit, m.meat);
    for (let i = 0; i < total.length; i++) total[i] = total[i]! + sign * a * v[i]!;
    parts.push(`${c.join('∩')}: G = ${m.groups}`);
  }
  const tail = adjust === 'HC1' ? (n - 1) / (n - k) : 1;
  scaled(total, tail);
  const gOne = findMeat(fit, [variables[0]!]).groups;
  const factor = variables.length === 1 ? (adjust === 'none' ? 1 : gOne / (gOne - 1)) * tail : tail;
  const rule =
    adjust === 'HC1'
      ? variables.length === 1
        ? `G/(G-1)*(n-1)/(n-k) with G = ${gOne}, n = ${n}, k = ${k}`
        : `each part G/(G-1) (${parts.join('; ')}), total (n-1)/(n-k) with n = ${n}, k = ${k}`
      : adjust === 'stata'
        ? variables.length === 1
          ? `G/(G-1) with G = ${gOne}`
          : `each part G/(G-1) (${parts.join('; ')})`
        : 'none';
  const way =
    variables.length === 1
      ? `clustered by ${variables[0]}`
      : `two-way clustered by ${variables.join(' and ')} (Cameron–Gelbach–Miller)`;
  const call =
    adjust === 'HC1'
      ? 'sandwich::vcovCL type "HC1"; Stata vce(cluster) for regress'
      : adjust === 'stata'
        ? 'sandwich::vcovCL type "HC0", cadjust = TRUE; Stata vce(cluster) for ML models'
        : 'sandwich::vcovCL type "HC0", cadjust = FALSE';
  return { matrix: total, factor, rule, label: `cluster-robust, ${way} (${call})` };
}

function neweyWest(fit: InferenceData, spec: NeweyWest) {
  const s = fit.scores;
  if (s === null) {
    throw new SpecError(
      'no-leverage',
      'vcov newey-west needs the per-row scores, which this fit did not keep; refit with keepScores: true (rows in time order)',
      { option: 'vcov' },
    );
  }
  const p = fit.terms.length;
  const n = s.length / p;
  // The Newey–West (1994) rule of thumb when no lag is given.
  const lag = spec.lag ?? Math.floor(4 * (n / 100) ** (2 / 9));
  if (lag >= n) {
    throw new SpecError('invalid-option', `vcov newey-west: lag ${lag} must be below the ${n} rows`, {
      option: 'vcov',
    });
  }
  const meat = new Float64Array(p * p);
  for (let l = 0; l <= lag; l++) {
    const w = 1 - l / (lag + 1);
    for (let t = l; t < n; t++) {
      const a = t * p;
      const b = (t - l) * p;
      for (let i = 0; i < p; i++) {
        const si = s[a + i]!;
        const sj = s[b + i]!;
        for (let j = 0; j < p; j++) {
          meat[i * p + j] =
            meat[i * p + j]! + w * (l === 0 ? si * s[a + j]! : si * s[b + j]! + s[a + j]! * sj);
        }
      }
    }
  }
  const factor = spec.adjust ? fit.nobs / (fit.nobs - p) : 1;
  return {
    matrix: scaled(sandwich(fit, Array.from(meat)), factor),
    factor,
    rule: `Bartlett weights, lag ${lag}${spec.lag === null ? ' (floor(4(n/100)^(2/9)))' : ''}${spec.adjust ? `; n/(n-k) = ${fit.nobs}/${fit.nobs - p}` : ''}`,
    label: `heteroskedasticity and autocorrelation consistent, Newey–West lag ${lag} (sandwich::NeweyWest prewhite = FALSE${spec.adjust ? ', adjust = TRUE' : ''})`,
  };
}
