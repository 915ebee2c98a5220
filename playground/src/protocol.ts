// Messages between the page (which only draws) and the worker (which owns the
// library, the model and every computation). Float32Arrays are transferred.
import type { Bounds } from './data.js';
import type { Settings } from './methods.js';

/** The plot's size in pixels: the worker renders the energy at this size. */
export const PLOT_PX = 560;

export type ToWorker =
  | { type: 'train'; settings: Settings; painted: Float32Array }
  | { type: 'stop' }
  | { type: 'sample'; settings: Settings }
  | { type: 'probe'; x: number; y: number }
  | { type: 'save' }
  | { type: 'load'; bytes: Uint8Array }
  /** The energies on the HASH_RES grid (the test compares their bytes with Node's). */
  | { type: 'energies' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'data'; train: Float32Array; test: Float32Array; bounds: Bounds }
  | { type: 'progress'; step: number; unit: string; chunk: number; chunks: number; loss: number; heldOut: number | null }
  /** A snapshot of the model: its energy as a picture over `bounds`, and the points to draw on it. */
  | { type: 'field'; image: ImageBitmap; bounds: Bounds; markers: Float32Array | null; negatives: Float32Array | null }
  | { type: 'done'; steps: number; ms: number; stopped: boolean }
  | { type: 'chains'; points: Float32Array; step: number; total: number; acceptRate: number; done: boolean }
  | { type: 'probe'; path: Float32Array; energies: number[]; minimum: number[] | null; latent: string; decoded: number[] | null }
  | { type: 'saved'; bytes: Uint8Array; name: string }
  | { type: 'loaded'; method: string; bounds: Bounds }
  | { type: 'energies'; energies: Float32Array; res: number; bounds: Bounds }
  | { type: 'error'; message: string; during: string };
