// Progress on stderr (stdout carries results): a bar rewritten in place on a terminal,
// and in a log or pipe one plain line per tenth of the work, so logs stay short.
export function progress({ quiet = false, stream = process.stderr } = {}) {
  const tty = Boolean(stream.isTTY);
  let lastTenth = -1;
  let shown = false;
  return {
    /** done of total units; `detail` is a short status such as "loss 0.123". */
    update(done, total, detail = '') {
      if (quiet || !(total > 0)) return;
      const f = Math.min(1, done / total);
      if (tty) {
        const width = 24;
        const full = Math.round(f * width);
        stream.write(`\r\x1b[K[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.round(f * 100)).padStart(3)}% ${done}/${total} ${detail}`);
        shown = true;
      } else {
        const tenth = Math.floor(f * 10);
        if (tenth > lastTenth) {
          lastTenth = tenth;
          stream.write(`${Math.round(f * 100)}% ${done}/${total} ${detail}\n`);
        }
      }
    },
    done(message) {
      if (tty && shown) stream.write('\r\x1b[K');
      shown = false;
      if (!quiet && message) stream.write(`${message}\n`);
    },
  };
}
