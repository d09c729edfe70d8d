import { fileURLToPath } from "node:url";

/** A file of ../shared/data, found from the compiled test beside the repository. */
export const shared = (path: string): string => fileURLToPath(new URL(`../../../../shared/data/${path}`, import.meta.url));

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
