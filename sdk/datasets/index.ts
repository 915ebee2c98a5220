// Built-in data: the 2-D toys users expect and the UCI digits.
export { digits } from './digits.js';
export { horn, hornCurve } from './horn.js';
export type { HornOptions } from './horn.js';
export {
  spiral, moons, circles, eightGaussians, checkerboard, pinwheel, swissRoll, eightGaussiansLogDensity,
} from './toys.js';
export type {
  ToyData, LabelledToyData, ToyOptions, SpiralOptions, MoonsOptions, CirclesOptions, EightGaussiansOptions,
  CheckerboardOptions, PinwheelOptions, SwissRollOptions, EightGaussiansDensityOptions,
} from './toys.js';
