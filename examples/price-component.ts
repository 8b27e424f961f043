/**
 * The price component ("prijscomponent", seed 002 / S2; DOMAIN B) on synthetic households:
 *
 *   npx tsx examples/price-component.ts [--households 300000] [--min-count 400]
 *
 * 1. the benefit as a fraction of the gross norm (kostendelersnorm included), fitted on recipients by
 *    a fractional logit, with the price-only features "Indicator LKS" and availability of low-skilled
 *    work (S1 Tab B.4);
 * 2. the merged levels: household types merged so that each weight rests on at least `--min-count`
 *    recipients (S2, "samengevoegd tot een hoger aggregatieniveau"), the mapping reported, and the
 *    merged model against the default household groups;
 * 3. the linear fit of older model runs beside the fractional logit (predictions outside [0, 1]);
 * 4. predicted benefit and expected spending for every household, PB_i = Σ p̂ × f̂ × norm (DOMAIN B.3),
 *    and the joint spending model S2 suggested for the future (volume and price in one equation).
 */
import { mergeSparseLevels } from '../src/development/index.js';
import { generateHouseholds, HHTYPE_LEVELS, priceTerms, recipientColumns } from '../src/generate/index.js';
import { fitPriceModel, fitSpendingModel, predictSpending } from '../src/price/index.js';
import { formatTable } from '../src/report/index.js';
import { fitVolumeModel } from '../src/volume/index.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) =>
  args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : dflt;
const households = Number(arg('households', '300000'));
const minCount = Number(arg('min-count', '400'));
const say = (...lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

// Model 2024 style: estimate on 2021 data, actualise to 2022 (coefficients frozen).
const est = generateHouseholds({ households, seed: 2, year: 2021 });
const act = generateHouseholds({ households, seed: 2, year: 2022 });
const recipients = recipientColumns(est);

say(
  `== 1. Price model: fraction of the norm on ${(recipients.receipt as Uint8Array).length.toLocaleString('en-US')} recipients ==`,
);
const price = fitPriceModel(recipients, { vcov: 'cluster' });
say(
  formatTable(
    price.fit.tidy().map((r) => ({
      term: r.term,
      estimate: r.estimate.toFixed(3),
      'cluster SE': r.stdError.toFixed(3),
      truth: (est.truth.price.coefficients[r.term] ?? Number.NaN).toFixed(2),
      'price only': r.term === 'lks' || r.term === 'low_skilled_work' ? 'yes' : '',
    })),
  ),
  '',
);

say(`== 2. Merged levels: household types with at least ${minCount} recipients each ==`);
const merged = mergeSparseLevels(recipients, 'hhtype', {
  minCount,
  order: HHTYPE_LEVELS,
  rule: 'outcome',
  outcome: 'fraction',
  as: 'hhtype_merged',
});
say(
  formatTable(
    merged.levels.map((l) => ({ 'merged level': l.label, recipients: l.count, members: l.members.length })),
  ),
);
const mergedTerms = priceTerms.map((t) => (t === 'hhgroup' ? 'hhtype_merged' : t));
const mergedModel = fitPriceModel(merged.frame, { x: mergedTerms, reference: {} });
say(
  `pseudo R²: default household groups ${price.fit.glance().pseudoR2.toFixed(4)} (${price.fit.terms.length} coefficients), merged household types ${mergedModel.fit.glance().pseudoR2.toFixed(4)} (${mergedModel.fit.terms.length} coefficients)`,
  '',
);

say('== 3. Fractional logit vs the linear fit of older runs ==');
const linear = fitPriceModel(recipients, { estimator: 'ols' });
const all = act.columns();
const outside = (f: Float64Array) => f.reduce((n, v) => n + (v < 0 || v > 1 ? 1 : 0), 0);
const fl = price.predictFraction(all);
const ls = linear.predictFraction(all);
say(
  `predicted fractions outside [0, 1] on all ${fl.length.toLocaleString('en-US')} households of 2022: fractional logit ${outside(fl)}, linear ${outside(ls)}`,
  '',
);

say('== 4. Expected spending PB_i = Σ p̂ × f̂ × norm, and the joint spending model ==');
const volume = fitVolumeModel(est.columns());
const twoPart = predictSpending({ volume, price, households: all });
const joint = predictSpending({ spending: fitSpendingModel(est.columns()), households: all });
const jointBy = new Map(joint.map((s) => [s.municipality, s.expectedSpending]));
const weight = new Map(act.municipalities.id.map((id, i) => [id, act.municipalities.householdWeight[i]!]));
const total = (rows: readonly { municipality: string; expectedSpending: number }[]) =>
  rows.reduce((a, r) => a + r.expectedSpending * weight.get(r.municipality)!, 0);
const diff =
  twoPart.reduce((a, r) => a + Math.abs(jointBy.get(r.municipality)! / r.expectedSpending - 1), 0) /
  twoPart.length;
say(
  `national expected spending 2022 (euros, national scale): two-part ${(total(twoPart) / 1e9).toFixed(3)} bn, joint ${(total(joint) / 1e9).toFixed(3)} bn; municipal totals differ by ${pct(diff)} on average`,
  formatTable(
    twoPart.slice(0, 6).map((r) => ({
      municipality: r.municipality,
      'expected recipients': Math.round(r.expectedRecipients * weight.get(r.municipality)!),
      'two-part € m': ((r.expectedSpending * weight.get(r.municipality)!) / 1e6).toFixed(1),
      'joint € m': ((jointBy.get(r.municipality)! * weight.get(r.municipality)!) / 1e6).toFixed(1),
      'actual € m': (((r.actualSpending ?? Number.NaN) * weight.get(r.municipality)!) / 1e6).toFixed(1),
    })),
  ),
);
