import type { EncodedData } from "../src/data/types.js";

/**
 * Encoded rows as CSV: table ids (`s0`…), standardised dense values (`d0`…) and labels
 * (`y0`…), so a PyTorch reference sees exactly mtrec's preprocessing and split.
 */
export function encodedCsv(d: EncodedData, sparse: number, dense: number): string {
  const labels = d.labels.length;
  const header = [
    ...Array.from({ length: sparse }, (_, i) => `s${i}`),
    ...Array.from({ length: dense }, (_, i) => `d${i}`),
    ...Array.from({ length: labels }, (_, i) => `y${i}`),
  ];
  const lines = [header.join(",")];
  for (let r = 0; r < d.rows; r++) {
    const row: (number | string)[] = [];
    for (let f = 0; f < sparse; f++) row.push((d.sparse[f] as Int32Array)[r] as number);
    for (let k = 0; k < dense; k++) row.push(((d.dense[r * dense + k] as number) ?? 0).toPrecision(8));
    for (let t = 0; t < labels; t++) row.push(((d.labels[t] as Float32Array)[r] as number).toPrecision(8));
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}
