// Deterministic Hamiltonian trajectories (no Metropolis step): the integrator
// HMC uses, exposed for tests and for users who build their own kernels.
import { ArgumentError, ShapeError } from '../errors.js';
import { asMatrix, type Matrix, type MatrixLike } from '../matrix.js';
import { heapF64, kernels } from '../runtime/core.js';
import { matrixBlock } from '../runtime/data.js';
import { WasmBlock, withBlocks } from '../runtime/memory.js';
import { checkInteger, checkNumber, checkOptions } from '../util/validate.js';
import { describedOf } from '../energies/custom.js';
import { DESCRIPTOR, type Energy } from '../energies/energy.js';

export interface LeapfrogOptions {
  /** Start positions, rows × dim. */
  positions: MatrixLike;
  /** Start momenta, rows × dim. */
  momenta: MatrixLike;
  stepSize: number;
  /** Number of leapfrog steps (≥ 1). */
  steps: number;
  /** Inverse temperature (H = β·F + K). Default 1. */
  beta?: number;
  /** Diagonal inverse mass M⁻¹ (length dim, > 0). Default ones. */
  inverseMass?: ArrayLike<number>;
}

export interface LeapfrogResult {
  positions: Matrix;
  momenta: Matrix;
  /** F at the end positions. */
  energy: Float32Array;
}

/** `steps` leapfrog steps of H(y, p) = β·F(y) + ½ pᵀ M⁻¹ p from every row. */
export function leapfrog(energy: Energy, options: LeapfrogOptions): LeapfrogResult {
  const where = 'samplers.leapfrog';
  checkOptions(options, `${where}(energy, options)`, ['positions', 'momenta', 'stepSize', 'steps', 'beta', 'inverseMass']);
  if (options === undefined) throw new ArgumentError(`${where}: options { positions, momenta, stepSize, steps } are required`);
  const K = kernels(where);
  const { energy: e, owned } = describedOf(energy, where);
  try {
    if (!e.hasGrad) throw new ArgumentError(`${where}: the energy has no grad`);
    const D = e.dim;
    const Y = asMatrix(options.positions, `${where}: positions`);
    const P = asMatrix(options.momenta, `${where}: momenta`);
    if (Y.cols !== D) throw new ShapeError(`${where}: positions has ${Y.cols} columns, the energy has dim ${D}`);
    if (P.rows !== Y.rows || P.cols !== D) throw new ShapeError(`${where}: momenta has shape ${P.rows}×${P.cols}, expected ${Y.rows}×${D} like positions`);
    const eps = checkNumber(options.stepSize, `${where}: stepSize`, { min: 0, exclusiveMin: true });
    const L = checkInteger(options.steps, `${where}: steps`, 1, 1 << 20);
    const beta = checkNumber(options.beta ?? 1, `${where}: beta`, { min: 0, exclusiveMin: true });
    let invMass: Float64Array | null = null;
    if (options.inverseMass !== undefined) {
      const m = options.inverseMass;
      if (m.length !== D) throw new ShapeError(`${where}: inverseMass has length ${m.length}, expected ${D}`);
      invMass = new Float64Array(D);
      for (let j = 0; j < D; j++) invMass[j] = checkNumber(m[j], `${where}: inverseMass[${j}]`, { min: 0, exclusiveMin: true });
    }
    const n = Y.rows;
    return withBlocks((take) => {
      const yb = take(matrixBlock(Y, `${where}: positions`));
      const pb = take(matrixBlock(P, `${where}: momenta`));
      const eb = take(new WasmBlock(Math.max(16, n * 4), where));
      let mp = 0;
      if (invMass) {
        const mb = take(new WasmBlock(D * 8, where));
        heapF64().set(invMass, mb.ptr >>> 3);
        mp = mb.ptr;
      }
      K.leapfrogTrajectory(e[DESCRIPTOR](where), yb.ptr, pb.ptr, eb.ptr, n, D, eps, L, mp, beta);
      return {
        positions: { rows: n, cols: D, data: yb.f32(n * D).slice() },
        momenta: { rows: n, cols: D, data: pb.f32(n * D).slice() },
        energy: eb.f32(n).slice(),
      };
    });
  } finally {
    owned?.dispose();
  }
}
