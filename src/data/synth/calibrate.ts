/**
 * The intercept δ at which `meanAt(δ)` equals `target`, to within 1e-12 of the mean.
 *
 * `meanAt` is a mean of sigmoids of δ + (something fixed per row), so it rises with δ and a
 * root kept inside a bracket cannot be missed; at ±40 every sigmoid is within e⁻⁴⁰ of 0 or 1
 * once the fixed parts are moderate, so [-40, 40] holds any target a caller lets through.
 * Regula falsi with the Illinois step (halve the weight of an end that stays put twice) takes
 * ~20 evaluations where bisection takes ~47, and each evaluation is a pass over every row;
 * Newton's step would need the slope too and can leave the bracket in a sigmoid's flat tail.
 */
export function calibrateIntercept(target: number, meanAt: (intercept: number) => number): number {
  let low = -40;
  let high = 40;
  let fLow = meanAt(low) - target;
  let fHigh = meanAt(high) - target;
  let kept = 0; // which end stayed last time: -1 low, +1 high
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const middle = fHigh === fLow ? (low + high) / 2 : high - (fHigh * (high - low)) / (fHigh - fLow);
    const f = meanAt(middle) - target;
    if (Math.abs(f) < 1e-12) return middle;
    if (f < 0) {
      low = middle;
      fLow = f;
      if (kept === 1) fHigh /= 2;
      kept = 1;
    } else {
      high = middle;
      fHigh = f;
      if (kept === -1) fLow /= 2;
      kept = -1;
    }
  }
  return (low + high) / 2;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
