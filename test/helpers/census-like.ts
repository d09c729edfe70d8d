import { writeFile } from "node:fs/promises";
import { Rng } from "../../src/nn/rng.js";

/**
 * A small file shaped like Census-Income (KDD) for its two tasks, income over 50K and never
 * married: children (a quarter of the rows) are never married, and their household status
 * ("det_hh_summ") and veterans' benefits code ("vet_benefits" 0) come with no one else. These
 * columns give "never_married" away and are still facts known before it.
 */
export async function writeCensusLike(path: string, rows = 3000, seed = 1): Promise<void> {
  const rng = new Rng(seed);
  const lines = ["age,sex,education,det_hh_summ,vet_benefits,wage,income_50k,never_married"];
  for (let i = 0; i < rows; i++) {
    const child = rng.uniform() < 0.25;
    const age = child ? rng.int(18) : 18 + rng.int(70);
    const sex = rng.uniform() < 0.5 ? "Female" : "Male";
    const education = child ? "Children" : ["High school", "Some college", "Bachelors", "Masters"][rng.int(4)];
    const household = child ? "Child under 18 never married" : ["Householder", "Spouse of householder", "Other relative"][rng.int(3)];
    const benefits = child ? 0 : 1 + rng.int(2);
    const wage = child ? 0 : Math.round(rng.uniform() * 3000);
    const income = !child && rng.uniform() < 0.1 + wage / 6000 ? 1 : 0;
    const never = child || rng.uniform() < 0.3 ? 1 : 0;
    lines.push([age, sex, education, household, benefits, wage, income, never].join(","));
  }
  await writeFile(path, `${lines.join("\n")}\n`);
}
