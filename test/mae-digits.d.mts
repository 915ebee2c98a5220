// Types of the baselines in mae-digits.mjs (plain JS so scripts/mae-digits.mjs can run them on dist).
import type { Matrix } from '../sdk/index.node.js';
export const LEVELS: number;
export function mulberry32(seed: number): () => number;
export function randomMask(rows: number, L: number, k: number, rand: () => number): Uint8Array;
export function marginal(train: Matrix): Float64Array;
export function leastSquares(train: Matrix, masks: Uint8Array[], ridge: number): (x: ArrayLike<number>, j: number) => number;
