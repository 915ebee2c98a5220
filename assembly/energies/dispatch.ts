// The one entry every sampler calls: F and ∇F for a batch of points, whatever
// the energy. A new energy kind is one `case` here plus one descriptor writer
// in the SDK (see descriptor.ts for the layout).
import { fail, E_BAD_ARGUMENT } from "../core/errors";
import {
  descKind, KIND_GAUSSIAN, KIND_MIXTURE, KIND_DOUBLE_WELL, KIND_BANANA, KIND_FUNNEL, KIND_RING, KIND_ISING,
  KIND_KMEANS, KIND_HOST, KIND_MLP, KIND_SPARSE, KIND_GLO, KIND_PCA, KIND_GMM, KIND_RBM, KIND_AIS_PATH,
} from "./descriptor";
import { gaussianEval, mixtureEval, doubleWellEval, bananaEval, funnelEval, ringEval, isingEval } from "./analytic";
import { kmeansFreeEval } from "./kmeansGrad";
import { hostEval } from "./host";
import { pcaEval } from "./pca";
import { gmmEval } from "./gmm";
import { mlpEnergyEval } from "./mlp";
import { sparseFreeEval } from "./sparse";
import { gloEnergyEval } from "./glo";
import { rbmFreeEval } from "./rbm";
import { aisPathEval } from "../samplers/ais";
import { KIND_DAE, daeEnergyEval } from "./dae";

/**
 * F(y) and ∇_y F(y) for the n rows of Y (n×dim f32, dim from the descriptor).
 * E f32[n] and G n×dim may each be 0 (not wanted). Nothing else is written
 * except the energy's own scratch. Unknown kinds abort (E_BAD_ARGUMENT, detail = kind).
 */
export function energyEval(desc: usize, Y: usize, n: i32, E: usize, G: usize): void {
  switch (descKind(desc)) {
    case KIND_GAUSSIAN: gaussianEval(desc, Y, n, E, G); break;
    case KIND_MIXTURE: mixtureEval(desc, Y, n, E, G); break;
    case KIND_DOUBLE_WELL: doubleWellEval(desc, Y, n, E, G); break;
    case KIND_BANANA: bananaEval(desc, Y, n, E, G); break;
    case KIND_FUNNEL: funnelEval(desc, Y, n, E, G); break;
    case KIND_RING: ringEval(desc, Y, n, E, G); break;
    case KIND_ISING: isingEval(desc, Y, n, E, G); break;
    case KIND_KMEANS: kmeansFreeEval(desc, Y, n, E, G); break;
    case KIND_SPARSE: sparseFreeEval(desc, Y, n, E, G); break;
    case KIND_PCA: pcaEval(desc, Y, n, E, G); break;
    case KIND_GMM: gmmEval(desc, Y, n, E, G); break;
    case KIND_HOST: hostEval(desc, Y, n, E, G); break;
    // the MLP's descriptor is the network itself (energies/mlp.ts): kind and dim in its first two words
    case KIND_MLP: mlpEnergyEval(desc, Y, n, E, G); break;
    case KIND_GLO: gloEnergyEval(desc, Y, n, E, G); break;
    case KIND_RBM: rbmFreeEval(desc, Y, n, E, G); break;
    case KIND_DAE: daeEnergyEval(desc, Y, n, E, G); break;
    case KIND_AIS_PATH: aisPathEval(desc, Y, n, E, G); break;
    default: fail(E_BAD_ARGUMENT, descKind(desc));
  }
}

