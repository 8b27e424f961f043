import { SpecError } from '../errors.js';
import { checkOptions, integerIn, numberIn, oneOf } from '../internal/options.js';
import { compareTime, type Panel, type PanelInput, type SynthTime } from './read-panel.js';
import {
  type DistanceMatrix,
  dynamicHammingDistance,
  type StateSequences,
  sequenceStates,
} from './sequences.js';
import { cutTree, type WardTree, wardClustering } from './ward.js';

/** Options of {@link sequenceClusters}. */
export interface SequenceClustersOptions {
  readonly unit: string;
  readonly time: string;
  /** The rate whose monthly position (low / average / high) forms the sequences. */
  readonly value: string;
  /** Number of clusters. @default 7 (S4) */
  readonly k?: number;
  /** Ward variant. @default 'ward.D2' */
  readonly method?: 'ward.D' | 'ward.D2';
  /** Periods from this time on get weight `laterWeight` in the distance (S4: 2022–2024 count more). @default none */
  readonly weightFrom?: SynthTime;
  /** Weight of the periods from `weightFrom`. @default 2 */
  readonly laterWeight?: number;
  /** Explicit time weights (one per period); overrides `weightFrom`. @default all 1 */
  readonly timeWeights?: readonly number[];
}

/** One cluster's size and state mix. */
export interface ClusterProfile {
  readonly cluster: number;
  readonly size: number;
  readonly share: number;
  /** Share of low / average / high states over all periods of its members. */
  readonly stateShares: readonly [number, number, number];
  /** Members that never change state. */
  readonly stable: number;
}

/** Result of {@link sequenceClusters}. */
export interface SequenceClustersResult {
  readonly sequences: StateSequences;
  readonly timeWeights: readonly number[];
  readonly tree: WardTree;
  /** Cluster number (1..k, R `cutree` numbering) per unit, aligned with `sequences.units`. */
  readonly clusters: readonly number[];
  readonly profiles: readonly ClusterProfile[];
  readonly distance: Pick<DistanceMatrix, 'n' | 'costs'>;
}

/**
 * Sequence clustering of the LKS evaluation (S4 §5.2, Annex I.4): monthly states low / average /
 * high by the month's P25 and P75, dynamic Hamming distances with time weights, Ward clustering
 * into k clusters. Returns the cluster of every unit and a profile per cluster.
 *
 * @example
 * ```ts
 * import { type PanelInput, sequenceClusters } from 'verdeelmodel/synth';
 * declare const panel: PanelInput; // one row per gemeente and month: gemeente, month, rate
 * const res = sequenceClusters(panel, { unit: 'gemeente', time: 'month', value: 'rate', weightFrom: '2022-01' });
 * res.profiles.map((p) => p.share); // => [0.37, 0.18, ...]
 * ```
 */
export function sequenceClusters(
  panel: PanelInput | Panel,
  options: SequenceClustersOptions,
): SequenceClustersResult {
  const where = 'sequenceClusters';
  checkOptions(
    options,
    ['unit', 'time', 'value', 'k', 'method', 'weightFrom', 'laterWeight', 'timeWeights'],
    where,
  );
  if (options.method !== undefined) oneOf(options.method, ['ward.D', 'ward.D2'], 'method', where);
  if (options.k !== undefined) integerIn(options.k, 1, 2 ** 31 - 1, 'k', where);
  if (options.laterWeight !== undefined)
    numberIn(options.laterWeight, 0, Number.MAX_VALUE, 'laterWeight', where);
  const sequences = sequenceStates(panel, { unit: options.unit, time: options.time, value: options.value });
  const T = sequences.times.length;
  let timeWeights: number[];
  if (options.timeWeights) {
    timeWeights = [...options.timeWeights];
  } else if (options.weightFrom !== undefined) {
    const later = options.laterWeight ?? 2;
    timeWeights = sequences.times.map((t) => (compareTime(t, options.weightFrom!) >= 0 ? later : 1));
  } else timeWeights = new Array<number>(T).fill(1);
  if (timeWeights.some((w) => !(w >= 0) || !Number.isFinite(w))) {
    throw new SpecError('invalid-option', 'time weights must be finite and non-negative');
  }
  const k = options.k ?? 7;
  const dist = dynamicHammingDistance(sequences.states, { nStates: 3, timeWeights });
  const tree = wardClustering(dist.distances, dist.n, options.method ?? 'ward.D2');
  const clusters = Array.from(cutTree(tree, k));
  const n = clusters.length;
  const profiles: ClusterProfile[] = [];
  for (let c = 1; c <= k; c++) {
    const members = clusters.map((x, i) => (x === c ? i : -1)).filter((i) => i >= 0);
    const counts = [0, 0, 0];
    let stable = 0;
    for (const i of members) {
      const s = sequences.states[i]!;
      for (const x of s) counts[x]!++;
      if (s.every((x) => x === s[0])) stable++;
    }
    const total = members.length * T;
    profiles.push({
      cluster: c,
      size: members.length,
      share: members.length / n,
      stateShares: [counts[0]! / total, counts[1]! / total, counts[2]! / total],
      stable,
    });
  }
  return { sequences, timeWeights, tree, clusters, profiles, distance: { n: dist.n, costs: dist.costs } };
}
