/**
 * MAX_CONNECTIONS: past this many open connections Node closes new ones at once ('drop'), so a
 * client that opens thousands of idle sockets cannot exhaust file descriptors or memory. The
 * operator hears of it in the log, at most once a minute (a flood must not become a log flood),
 * and the line names no client (P4).
 */
import type { Server } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

const WARN_INTERVAL_MS = 60_000;

export function capConnections(server: Server, maxConnections: number, log: FastifyBaseLogger): void {
  server.maxConnections = maxConnections;
  let lastWarning = -Infinity;
  let droppedSinceWarning = 0;
  server.on('drop', () => {
    droppedSinceWarning++;
    if (Date.now() - lastWarning < WARN_INTERVAL_MS) return;
    log.warn({ maxConnections, dropped: droppedSinceWarning }, 'connection limit reached (MAX_CONNECTIONS): new connections are closed at once');
    lastWarning = Date.now();
    droppedSinceWarning = 0;
  });
}
