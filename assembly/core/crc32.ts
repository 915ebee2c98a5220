// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum of zlib
// and PNG, for model files. Table built on first use.

import { allocBytes } from "./memory";

let table: usize = 0;

function buildTable(): void {
  table = allocBytes(256 * 4);
  for (let i: u32 = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    store<u32>(table + (<usize>i << 2), c);
  }
}

/** CRC-32 of bytes[0..n). */
export function crc32(bytes: usize, n: i32): u32 {
  if (table == 0) buildTable();
  let c: u32 = 0xFFFFFFFF;
  for (let i = 0; i < n; i++) {
    c = load<u32>(table + (<usize>((c ^ load<u8>(bytes + <usize>i)) & 0xFF) << 2)) ^ (c >>> 8);
  }
  return c ^ 0xFFFFFFFF;
}
