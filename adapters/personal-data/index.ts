export { PatternPersonalDataDetector, type PatternDetectorOptions } from './pattern-detector.js';
export { isPhoneRegion } from './phone-regions.js';
