// A status line: on a terminal it is rewritten in place (\r); in a log (CI, pipes) only the
// updates marked `milestone` are printed, each on its own line, so logs stay short and readable.
export function statusLine(stream = process.stdout) {
  const tty = Boolean(stream.isTTY);
  let shown = false;
  return {
    tty,
    update(message, { milestone = false } = {}) {
      if (tty) {
        stream.write(`\r\x1b[K${message}`);
        shown = true;
      } else if (milestone) {
        stream.write(`${message}\n`);
      }
    },
    /** Ends the line (terminal) or prints it (log). */
    done(message) {
      if (tty) stream.write(`\r\x1b[K${message}\n`);
      else stream.write(`${message}\n`);
      shown = false;
    },
    clear() {
      if (tty && shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
