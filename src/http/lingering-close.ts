/**
 * Closing after an early answer (413, 429, 503 sent before the body was read), the way web servers
 * do it ("lingering close"): the answer is sent with `Connection: close` and a FIN, then whatever
 * the client is still sending is read and thrown away for a short while before the socket is
 * destroyed. Destroying at once would make the kernel answer the client's next bytes with a
 * reset, and a client busy uploading often loses the answer with it. The linger is bounded by
 * bytes and time, so an 8 GB upload still costs at most LINGER_BYTES.
 */
import type { Socket } from 'node:net';

const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 2_000;

export function closeAfterAnswer(socket: Socket): void {
  // Node's server calls socket.destroySoon() once a `Connection: close` answer is flushed.
  Object.defineProperty(socket, 'destroySoon', {
    configurable: true,
    value: () => {
      const start = socket.bytesRead;
      socket.end();
      const stop = () => {
        clearInterval(watch);
        clearTimeout(deadline);
        socket.destroy();
      };
      const watch = setInterval(() => {
        if (socket.bytesRead - start > LINGER_BYTES) stop();
      }, 20);
      const deadline = setTimeout(stop, LINGER_MS);
      watch.unref();
      deadline.unref();
      socket.once('end', stop);
      socket.once('close', stop);
    },
  });
}
