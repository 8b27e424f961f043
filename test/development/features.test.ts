// The S1 Annex C feature constructions, each against a computation by hand written out here.
import { describe, expect, it } from 'vitest';
import {
  cheapRentalShares,
  cycleSensitivity,
  growthShrinkSectors,
  healthProblems,
  jobTypeCounts,
  longTermBijstandShares,
  multiProblemShares,
  rkpTimesHealth,
  sectorOutflowWeights,
  sectorWeightedJobs,
  urbanityClass,
  urbanityClasses,
} from '../../src/development/index.js';
import { DataError, SpecError } from '../../src/errors.js';

/** What `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('cycleSensitivity', () => {
  it('is the RMSE of the OLS trend over the mean jobs', () => {
    // Sector 47: years 2001-2004, jobs 10, 12, 11, 15. Mean year 2002.5, mean jobs 12.
    // Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5; Sxy = (−1.5)(−2) + (−0.5)(0) + (0.5)(−1) + (1.5)(3) = 7; slope 1.4.
    // Fitted 9.9, 11.3, 12.7, 14.1; residuals 0.1, 0.7, −1.7, 0.9; SSR = 0.01 + 0.49 + 2.89 + 0.81 = 4.2.
    // Sector 01: constant 5 jobs: residuals 0, sensitivity 0.
    const rows = cycleSensitivity({
      sector: ['47', '47', '47', '47', '01', '01', '01', '01'],
      year: [2001, 2002, 2003, 2004, 2001, 2002, 2003, 2004],
      jobs: [10, 12, 11, 15, 5, 5, 5, 5],
    });
    expect(rows.map((r) => r.sector)).toEqual(['01', '47']);
    const s47 = rows[1]!;
    expect(s47.meanJobs).toBe(12);
    expect(s47.slope).toBeCloseTo(1.4, 12);
    expect(s47.intercept).toBeCloseTo(12 - 1.4 * 2002.5, 8);
    expect(s47.rmse).toBeCloseTo(Math.sqrt(4.2 / 4), 12);
    expect(s47.sensitivity).toBeCloseTo(Math.sqrt(4.2 / 4) / 12, 12);
    expect(rows[0]!.sensitivity).toBe(0);
    const n2 = cycleSensitivity(
      { sector: ['47', '47', '47', '47'], year: [2001, 2002, 2003, 2004], jobs: [10, 12, 11, 15] },
      { rmse: 'n-2' },
    );
    expect(n2[0]!.rmse).toBeCloseTo(Math.sqrt(4.2 / 2), 12);
  });

  it('names a sector whose years do not match the others', () => {
    const e = thrown(() =>
      cycleSensitivity({
        sector: ['A', 'A', 'A', 'B', 'B'],
        year: [2001, 2002, 2003, 2001, 2003],
        jobs: [1, 2, 3, 4, 5],
      }),
    );
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).code).toBe('unbalanced-panel');
    expect((e as DataError).message).toContain("sector 'B' has no rows for year 2002");
    expect(() =>
      cycleSensitivity({ sector: ['A', 'A', 'A', 'A'], year: [2001, 2001, 2002, 2003], jobs: [1, 2, 3, 4] }),
    ).toThrow(/'A' has 2 rows for year 2001/);
    expect(() => cycleSensitivity({ sector: ['A', 'A'], year: [2001, 2002], jobs: [1, 2] })).toThrow(
      /at least 3/,
    );
    expect(() =>
      cycleSensitivity({ sector: ['A', 'A', 'A'], year: [2001, 2002, 2003], jobs: [1, -2, 3] }),
    ).toThrow(/'jobs'.*-2 at row 2/);
  });
});

describe('growthShrinkSectors', () => {
  const year = [2016, 2017, 2018, 2019, 2020];
  // A rises 4 a year from 100 (mean 108), B falls 1 a year (mean 98), C rises 2 a year (mean 104).
  // National: 300, 305, 310, 315, 320 → slope 5, mean 310, g_NL = 5/310 = 0.016129.
  const data = {
    sector: [...year.map(() => 'A'), ...year.map(() => 'B'), ...year.map(() => 'C')],
    year: [...year, ...year, ...year],
    jobs: [100, 104, 108, 112, 116, 100, 99, 98, 97, 96, 100, 102, 104, 106, 108],
  };
  const gN = 5 / 310;

  it('classes sectors by their trend against the national one (points)', () => {
    const rows = growthShrinkSectors(data);
    expect(rows.map((r) => r.sector)).toEqual(['A', 'B', 'C']);
    expect(rows[0]!.growth).toBeCloseTo(4 / 108, 14);
    expect(rows[1]!.growth).toBeCloseTo(-1 / 98, 14);
    expect(rows[2]!.growth).toBeCloseTo(2 / 104, 14);
    for (const r of rows) expect(r.nationalGrowth).toBeCloseTo(gN, 14);
    // A: 0.037037 − 0.016129 = 0.0209 ≥ 0.02 → growth. B: negative and 0.016129 + 0.010204 = 0.0263 ≥ 0.02
    // → shrink. C: 0.019231 − 0.016129 = 0.0031 < 0.02 → neither.
    expect(rows.map((r) => r.class)).toEqual(['growth', 'shrink', 'neither']);
  });

  it('reads the threshold as percent of the national rate when asked', () => {
    // Margin 0.02 × 0.016129 = 0.000323: C's 0.0031 above national now counts as growth.
    expect(growthShrinkSectors(data, { thresholdUnit: 'percent' }).map((r) => r.class)).toEqual([
      'growth',
      'shrink',
      'growth',
    ]);
  });

  it('uses the window ending at endYear, and says which years a window lacks', () => {
    // Window 2016-2018 (3 years): A 100,104,108; B 100,99,98; C 100,102,104; national 300,305,310 → 5/305.
    const rows = growthShrinkSectors(data, { window: 3, endYear: 2018 });
    expect(rows[0]!.meanJobs).toBe(104);
    expect(rows[0]!.nationalGrowth).toBeCloseTo(5 / 305, 14);
    const e = thrown(() => growthShrinkSectors(data, { window: 5, endYear: 2021 }));
    expect((e as DataError).code).toBe('invalid-value');
    expect((e as DataError).message).toContain('needs years 2021');
  });
});

describe('sectorOutflowWeights and sectorWeightedJobs', () => {
  it('weights sectors by their share of outflow over their share of jobs', () => {
    // Person 1 has two jobs; the care job (30 h) counts. Outflow: retail 1 (person 2), care 2 (persons 1, 3).
    // Jobs: retail 600, care 400 of 1000. Weights: care (2/3)/(0.4) = 5/3, retail (1/3)/(0.6) = 5/9; industry 0.
    const w = sectorOutflowWeights(
      { person: [1, 1, 2, 3], sector: ['retail', 'care', 'retail', 'care'], hours: [10, 30, 20, 24] },
      { sector: ['retail', 'care', 'industry'], jobs: [600, 400, 0] },
    );
    expect(w.map((s) => s.sector)).toEqual(['care', 'industry', 'retail']);
    expect(w[0]!.outflowJobs).toBe(2);
    expect(w[0]!.weight).toBeCloseTo(5 / 3, 14);
    expect(w[1]!.weight).toBe(0);
    expect(w[2]!.weight).toBeCloseTo(5 / 9, 14);
    // Jobs weighted by sector per area: GM1 = 10 × 5/3 + 20 × 5/9 = 27.78; GM2 = 5 × 5/3.
    const weighted = sectorWeightedJobs(
      { area: ['GM1', 'GM1', 'GM2'], sector: ['care', 'retail', 'care'], jobs: [10, 20, 5] },
      w,
    );
    expect(weighted[0]!.weightedJobs).toBeCloseTo(10 * (5 / 3) + 20 * (5 / 9), 12);
    expect(weighted[0]!.jobs).toBe(30);
    expect(weighted[1]!.weightedJobs).toBeCloseTo(25 / 3, 12);
  });

  it('names an outflow sector without job counts and a sector without a weight', () => {
    expect(() =>
      sectorOutflowWeights(
        { person: [1], sector: ['mining'], hours: [38] },
        { sector: ['care'], jobs: [10] },
      ),
    ).toThrow(/sector 'mining', which jobs does not list/);
    expect(() =>
      sectorWeightedJobs({ area: ['GM1'], sector: ['x'], jobs: [1] }, { sector: ['y'], weight: [1] }),
    ).toThrow(/sector 'x', which has no weight/);
  });
});

describe('jobTypeCounts', () => {
  it('counts flexible, part-time and small part-time jobs per area', () => {
    // GM1: 4 jobs; flexible: on-call, fixed-term (2); part-time: rows 2, 3, 4 (3); small (< 12 h): 8 h only
    // (row 4 has 12 h: not small). GM2: 1 temporary-agency job, full time.
    const r = jobTypeCounts({
      area: ['GM1', 'GM1', 'GM1', 'GM1', 'GM2'],
      contract: ['permanent', 'on-call', 'fixed-term', 'permanent', 'temporary-agency'],
      partTime: [0, 1, 1, 1, 0],
      hours: [38, 8, 24, 12, 40],
    });
    expect(r).toEqual([
      { area: 'GM1', jobs: 4, flexible: 2, partTime: 3, smallPartTime: 1 },
      { area: 'GM2', jobs: 1, flexible: 1, partTime: 0, smallPartTime: 0 },
    ]);
    expect(() =>
      jobTypeCounts({ area: ['GM1'], contract: ['permanent'], partTime: [2], hours: [38] }),
    ).toThrow(/'partTime'.*2 at row 1/);
  });
});

describe('urbanity', () => {
  it('classes address densities with the lower bound in the class', () => {
    expect(
      [0, 499.99, 500, 999, 1000, 1499, 1500, 2499, 2500, 9000].map((x) => urbanityClass(x).code),
    ).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    expect(() => urbanityClass(-1)).toThrow(DataError);
  });

  it('averages the yearly densities first, and needs the same years for every municipality', () => {
    // A: (2400 + 2700)/2 = 2550 → 1; B: (1400 + 1600)/2 = 1500 → 2.
    const r = urbanityClasses({
      municipality: ['A', 'A', 'B', 'B'],
      year: [2019, 2020, 2019, 2020],
      oad: [2400, 2700, 1400, 1600],
    });
    expect(r.map((x) => [x.municipality, x.oad, x.code])).toEqual([
      ['A', 2550, 1],
      ['B', 1500, 2],
    ]);
    const e = thrown(() =>
      urbanityClasses({ municipality: ['A', 'A', 'B'], year: [2019, 2020, 2019], oad: [1, 2, 3] }),
    );
    expect((e as DataError).code).toBe('unbalanced-panel');
    expect((e as DataError).message).toContain("municipality 'B' has no rows for year 2020");
  });
});

describe('cheapRentalShares', () => {
  it('counts rents strictly below the year’s limit and 75 %/50 % of it, then averages over years', () => {
    // 2019 limit 720.42: 300 and 700 below (2/2); 75 % = 540.315: 300 (1/2); 50 % = 360.21: 300 (1/2).
    // 2020 limit 737.53: 500 below, 800 not (1/2); 75 % = 553.1475: 500 (1/2); 50 % = 368.765: none (0/2).
    // Means: (1 + 1/2)/2 = 0.75, (1/2 + 1/2)/2 = 0.5, (1/2 + 0)/2 = 0.25. B: 720.42 is not below 720.42.
    const r = cheapRentalShares({
      municipality: ['A', 'A', 'A', 'A', 'B'],
      year: [2019, 2019, 2020, 2020, 2019],
      rent: [300, 700, 500, 800, 720.42],
    });
    expect(r.fractions).toEqual([1, 0.75, 0.5]);
    expect(r.municipalities[0]).toEqual({
      municipality: 'A',
      years: 2,
      renters: 4,
      shares: [0.75, 0.5, 0.25],
    });
    expect(r.municipalities[1]!.shares).toEqual([0, 0, 0]);
  });

  it('names a year without a liberalisation limit, and takes limits for other years', () => {
    const data = { municipality: ['A', 'A'], year: [2020, 2021], rent: [700, 700] };
    const e = thrown(() => cheapRentalShares(data));
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).message).toContain('year 2021 (row 2) has no liberalisation limit');
    // 2021 limit 752.33: 700 below; 2020: below. Both years 1.
    const r = cheapRentalShares(data, { limits: { 2020: 737.53, 2021: 752.33 }, fractions: [1] });
    expect(r.municipalities[0]!.shares).toEqual([1]);
    expect(() => cheapRentalShares(data, { limits: { x: 1 } })).toThrow(SpecError);
  });
});

describe('longTermBijstandShares', () => {
  it('gives the mean over years of the share on bijstand more than k years', () => {
    // 2019: durations 0.5, 1.5, 3, 12 → > 1: 3/4, > 2: 2/4, > 3: 1/4 (3 is not more than 3).
    // 2020: durations 2, 4 → > 1: 2/2, > 2: 1/2 (2 is not more than 2), > 3: 1/2.
    // Means: (3/4 + 1)/2 = 0.875, (1/2 + 1/2)/2 = 0.5, (1/4 + 1/2)/2 = 0.375.
    const r = longTermBijstandShares(
      {
        municipality: ['A', 'A', 'A', 'A', 'A', 'A'],
        year: [2019, 2019, 2019, 2019, 2020, 2020],
        duration: [0.5, 1.5, 3, 12, 2, 4],
      },
      { maxYears: 3 },
    );
    expect(r.thresholds).toEqual([1, 2, 3]);
    expect(r.municipalities[0]).toEqual({
      municipality: 'A',
      years: 2,
      households: 6,
      shares: [0.875, 0.5, 0.375],
    });
    expect(
      longTermBijstandShares({ municipality: ['A'], year: [2020], duration: [11] }).thresholds.length,
    ).toBe(10);
  });
});

describe('multiProblemShares and rkpTimesHealth', () => {
  // 2019: 4 households, problem 1,1,0,0; health 1,0,0,0 → product 2/4 × 1/4 = 1/8, joint 1/4.
  // 2020: 2 households, problem 1,0; health 1,1 → product 1/2 × 1 = 1/2, joint 1/2.
  const hh = {
    municipality: ['A', 'A', 'A', 'A', 'A', 'A'],
    year: [2019, 2019, 2019, 2019, 2020, 2020],
    problem: [1, 1, 0, 0, 1, 0],
    health: [1, 0, 0, 0, 1, 1],
  };

  it('multiplies the two municipal shares per year (as written), or takes the joint share', () => {
    const product = multiProblemShares(hh)[0]!;
    expect(product.value).toBeCloseTo((1 / 8 + 1 / 2) / 2, 15);
    expect(product.problemShare).toBeCloseTo((1 / 2 + 1 / 2) / 2, 15);
    expect(product.healthShare).toBeCloseTo((1 / 4 + 1) / 2, 15);
    expect(multiProblemShares(hh, { method: 'joint' })[0]!.value).toBeCloseTo((1 / 4 + 1 / 2) / 2, 15);
    expect(() => multiProblemShares({ ...hh, health: [1, 0, 0, 0, 2, 1] })).toThrow(/'health'.*2 at row 5/);
  });

  it('multiplies RKP by the health share per year, and needs matching years', () => {
    // Health shares: 2019 1/4, 2020 1. RKP 1.2 and 1.4 → (1.2/4 + 1.4)/2 = 0.85.
    const rkp = { municipality: ['A', 'A'], year: [2019, 2020], rkp: [1.2, 1.4] };
    expect(rkpTimesHealth(rkp, hh)[0]!.value).toBeCloseTo((1.2 / 4 + 1.4) / 2, 15);
    const e = thrown(() => rkpTimesHealth({ municipality: ['A', 'A'], year: [2019, 2021], rkp: [1, 1] }, hh));
    expect((e as DataError).code).toBe('unbalanced-panel');
    expect((e as DataError).message).toContain("'A' in 2020");
    expect(() =>
      rkpTimesHealth({ municipality: ['A', 'A', 'A'], year: [2019, 2020, 2021], rkp: [1, 1, 1] }, hh),
    ).toThrow(/rkp has municipality 'A' in 2021/);
  });
});

describe('healthProblems', () => {
  it('flags a household when any member meets one of the four criteria', () => {
    // h1: person 2 has 4 medication groups (≥ 4). h2: care costs exactly 50,000 (not above) and 3 groups: no.
    // h3: ggz. h4: mood medication. h5: care costs 50,001 (above the limit).
    const r = healthProblems({
      household: ['h1', 'h1', 'h2', 'h3', 'h4', 'h5'],
      medAddiction: [0, 0, 0, 0, 0, 0],
      medMood: [0, 0, 0, 0, 1, 0],
      medPsychosis: [0, 0, 0, 0, 0, 0],
      medicationGroups: [1, 4, 3, 0, 0, 0],
      careCosts: [100, 200, 50_000, 0, 0, 50_001],
      ggz: [0, 0, 0, 1, 0, 0],
    });
    expect(r).toEqual([
      { household: 'h1', health: 1 },
      { household: 'h2', health: 0 },
      { household: 'h3', health: 1 },
      { household: 'h4', health: 1 },
      { household: 'h5', health: 1 },
    ]);
    expect(() =>
      healthProblems({
        household: ['h1'],
        medAddiction: [0],
        medMood: [0],
        medPsychosis: [0],
        medicationGroups: [0],
        careCosts: [-1],
        ggz: [0],
      }),
    ).toThrow(/'careCosts'.*-1 at row 1/);
  });
});
