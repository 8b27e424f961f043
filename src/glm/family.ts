import { SpecError } from '../errors.js';
import { normalDensity, normalUpper } from '../internal/distributions.js';

/** Family names the engine knows. `probit` is the binomial family with a probit link. */
export type FamilyName = 'binomial' | 'quasibinomial' | 'gaussian' | 'probit';

/** Link and variance functions of a family, as in R's `family` objects. */
export interface Family {
  readonly name: FamilyName;
  /** R's family name for display: binomial, quasibinomial, gaussian. */
  readonly rFamily: 'binomial' | 'quasibinomial' | 'gaussian';
  readonly link: 'logit' | 'probit' | 'identity';
  /** Whether the dispersion is estimated (Pearson χ² / df) rather than fixed at 1. */
  readonly estimatedDispersion: boolean;
  linkinv(eta: number): number;
  /** dμ/dη */
  muEta(eta: number): number;
  /** d²μ/dη² (for delta-method marginal effects). */
  muEta2(eta: number): number;
  linkfun(mu: number): number;
  variance(mu: number): number;
  /** Unit deviance contribution times the prior weight. */
  deviance(y: number, mu: number, w: number): number;
  /** Starting value of μ, as R's family `initialize`. */
  mustart(y: number, w: number): number;
  /** Whether y is allowed for this family. */
  validY(y: number): boolean;
}

const EPS = 2.220446049250313e-16;
// R's logit link clamps: linkinv keeps μ within (eps, 1 − eps).
const THRESH = 30;
const MTHRESH = -30;
const INVEPS = 1 / EPS;

function logitLinkinv(eta: number): number {
  const t = eta < MTHRESH ? EPS : eta > THRESH ? INVEPS : Math.exp(eta);
  return t / (1 + t);
}
function logitMuEta(eta: number): number {
  const opexp = 1 + Math.exp(eta);
  return Math.abs(eta) > THRESH ? EPS : Math.exp(eta) / (opexp * opexp);
}

function ylogy(y: number, mu: number): number {
  return y > 0 ? y * Math.log(y / mu) : 0;
}

function binomialDeviance(y: number, mu: number, w: number): number {
  return 2 * w * (ylogy(y, mu) + ylogy(1 - y, 1 - mu));
}

const PROBIT_THRESH = -8.125890664701906; // R: -qnorm(.Machine$double.eps)

function binomialLike(name: 'binomial' | 'quasibinomial' | 'probit'): Family {
  const probit = name === 'probit';
  return {
    name,
    rFamily: name === 'quasibinomial' ? 'quasibinomial' : 'binomial',
    link: probit ? 'probit' : 'logit',
    estimatedDispersion: name === 'quasibinomial',
    linkinv: probit
      ? (eta) => {
          const e = Math.min(Math.max(eta, PROBIT_THRESH), -PROBIT_THRESH);
          return normalUpper(-e);
        }
      : logitLinkinv,
    muEta: probit ? (eta) => Math.max(normalDensity(eta), EPS) : logitMuEta,
    muEta2: probit
      ? (eta) => -eta * normalDensity(eta)
      : (eta) => {
          const mu = logitLinkinv(eta);
          return mu * (1 - mu) * (1 - 2 * mu);
        },
    linkfun: probit ? (mu) => -inverseNormalUpper(mu) : (mu) => Math.log(mu / (1 - mu)),
    variance: (mu) => mu * (1 - mu),
    deviance: binomialDeviance,
    mustart: (y, w) => (w * y + 0.5) / (w + 1),
    validY: (y) => y >= 0 && y <= 1,
  };
}

// Inverse of normalUpper via Newton on a good start (used only for starting values).
function inverseNormalUpper(p: number): number {
  let z = Math.sqrt(-2 * Math.log(Math.min(p, 1 - p)));
  z = p < 0.5 ? z : -z;
  for (let k = 0; k < 50; k++) {
    const step = (normalUpper(z) - p) / -normalDensity(z);
    z -= step;
    if (Math.abs(step) < 1e-14) break;
  }
  return z;
}

const gaussian: Family = {
  name: 'gaussian',
  rFamily: 'gaussian',
  link: 'identity',
  estimatedDispersion: true,
  linkinv: (eta) => eta,
  muEta: () => 1,
  muEta2: () => 0,
  linkfun: (mu) => mu,
  variance: () => 1,
  deviance: (y, mu, w) => w * (y - mu) * (y - mu),
  mustart: (y) => y,
  validY: (y) => Number.isFinite(y),
};

/** Look up a family by name; unknown names are a {@link SpecError}. */
export function getFamily(name: FamilyName): Family {
  switch (name) {
    case 'binomial':
    case 'quasibinomial':
    case 'probit':
      return binomialLike(name);
    case 'gaussian':
      return gaussian;
    default:
      throw new SpecError(
        'unknown-family',
        `unknown family '${String(name)}'; use 'binomial', 'quasibinomial', 'gaussian' or 'probit'`,
      );
  }
}
