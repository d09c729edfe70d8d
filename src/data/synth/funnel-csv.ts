import type { FunnelData } from "./funnel.js";

export const FUNNEL_COLUMNS = [
  "user_id",
  "user_segment",
  "item_id",
  "item_category",
  "price_bucket",
  "click",
  "action",
  "purchase",
  "watch_time",
  "share",
  "truth_ctr",
  "truth_cvr",
  "truth_ctcvr",
  "truth_r",
] as const;

/** How a user and an item id are written: text, so schema inference makes them sparse whatever their count. */
export const userKey = (id: number): string => `u${id}`;
export const itemKey = (id: number): string => `i${id}`;

/** Rows per piece: a whole file in one string would pass V8's string limit near 7 million rows. */
const ROWS_PER_PIECE = 100_000;

/**
 * The CSV text of {@link FUNNEL_COLUMNS} with a header. Ids are written as "u12" / "i34" so that
 * schema inference makes them sparse by their type, whatever their count; probabilities to 6
 * decimals.
 */
export function funnelCsv(data: FunnelData): Buffer {
  const pieces: Buffer[] = [Buffer.from(`${FUNNEL_COLUMNS.join(",")}\n`)];
  for (let start = 0; start < data.rows; start += ROWS_PER_PIECE) pieces.push(Buffer.from(csvRows(data, start, ROWS_PER_PIECE)));
  return Buffer.concat(pieces);
}

function csvRows(data: FunnelData, start: number, count: number): string {
  const lines: string[] = [];
  for (let r = start; r < Math.min(data.rows, start + count); r++) {
    lines.push(
      [
        userKey(data.userId[r] as number),
        data.userSegment[r],
        itemKey(data.itemId[r] as number),
        data.itemCategory[r],
        data.priceBucket[r],
        data.click[r],
        data.action[r],
        data.purchase[r],
        data.watchTime[r],
        data.share[r],
        decimals6(data.truthCtr[r] as number),
        decimals6(data.truthCvr[r] as number),
        decimals6(data.truthCtcvr[r] as number),
        data.truthR[r],
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

function decimals6(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}
