// Machine description stored with every result file.
import os from 'node:os';
import { readFileSync } from 'node:fs';

/** Linux only: what os.cpus() hides under a hypervisor ("AMD EPYC"): family/model and SIMD flags. */
function cpuinfo() {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (k) => text.match(new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
    const flags = (field('flags') ?? '').split(/\s+/);
    return {
      vendor: field('vendor_id'),
      family: Number(field('cpu family')),
      model: Number(field('model')),
      simd: ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f'].filter((f) => flags.includes(f)),
      hypervisor: flags.includes('hypervisor'),
    };
  } catch {
    return undefined;
  }
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cpuinfo: cpuinfo(),
    cores: cpus.length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    totalMemGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
  };
}
