// Built-in data: the 2-D toys users expect and the UCI digits.
export { digits } from './digits.js';
