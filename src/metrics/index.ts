export { auc } from "./auc.js";
export { type Calibration, type CalibrationBin, calibration, calibrationBins } from "./calibration.js";
export { type GaucDetail, gauc, gaucDetail } from "./gauc.js";
export { ks } from "./ks.js";
export { logLoss } from "./logloss.js";
export { type MeanStd, meanStd } from "./mean-std.js";
export { mae, mse, r2, rmse } from "./regression.js";
export { type Reliability, reliability } from "./reliability.js";
export { type BinaryMetrics, binaryMetrics, type RegressionMetrics, regressionMetrics } from "./summary.js";
