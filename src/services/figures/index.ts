// Figures in the department's reports: numbers, periods, indicators and the extractor.
export { applyScale, canonicalScale, formatViNumber, parseViNumber, scaleExponent } from "./numbers.ts";
export { findPeriods, parsePeriod, type Period, type PeriodKind, type PeriodMatch } from "./periods.ts";
export { DERIVED, INDICATORS, indicatorByKey, matchIndicators, type Indicator } from "./indicators.ts";
export { extractFigures, type ExtractedFigure } from "./extract.ts";
