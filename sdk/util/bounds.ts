// Rectangular 2-D bounds of grids (likelihood quadrature, grid maximum likelihood, energy plots).
import { ArgumentError } from '../errors.js';
import { checkNumber } from './validate.js';

export interface GridBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** Validates { xMin, xMax, yMin, yMax }: finite, with max > min on both axes. */
export function checkBounds(b: unknown, where: string): GridBounds {
  if (b === null || typeof b !== 'object') throw new ArgumentError(`${where}: bounds { xMin, xMax, yMin, yMax } are required`);
  const o = b as GridBounds;
  const xMin = checkNumber(o.xMin, `${where}: bounds.xMin`);
  const xMax = checkNumber(o.xMax, `${where}: bounds.xMax`);
  const yMin = checkNumber(o.yMin, `${where}: bounds.yMin`);
  const yMax = checkNumber(o.yMax, `${where}: bounds.yMax`);
  if (!(xMax > xMin)) throw new ArgumentError(`${where}: bounds.xMax (${xMax}) must be greater than bounds.xMin (${xMin})`);
  if (!(yMax > yMin)) throw new ArgumentError(`${where}: bounds.yMax (${yMax}) must be greater than bounds.yMin (${yMin})`);
  return { xMin, xMax, yMin, yMax };
}
