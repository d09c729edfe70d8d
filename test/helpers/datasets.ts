import { fileURLToPath } from "node:url";

/** A file of test/fixtures (see its README for each file's source), found from the compiled test in dist/test/helpers. */
export const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/${name}`, import.meta.url));

/** The first 500 rows of UCI Adult's adult.data (test/fixtures/README.md). */
export const ADULT_500 = "adult-500.data";

/** UCI Adult's columns (the file has no header). */
export const ADULT_COLUMNS = [
  "age",
  "workclass",
  "fnlwgt",
  "education",
  "education-num",
  "marital-status",
  "occupation",
  "relationship",
  "race",
  "sex",
  "capital-gain",
  "capital-loss",
  "hours-per-week",
  "native-country",
  "income",
];

/** The ICME 2019 short-video sample's columns (tab separated, no header). */
export const BYTEREC_COLUMNS = [
  "uid",
  "user_city",
  "item_id",
  "author_id",
  "item_city",
  "channel",
  "finish",
  "like",
  "music_id",
  "device",
  "time",
  "duration_time",
];
