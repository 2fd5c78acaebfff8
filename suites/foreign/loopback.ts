import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// The foreign portals listen on 127.0.0.1 ephemeral ports only (fake personal data, never on the network),
// so any number can run side by side, one per test worker.

/** Listens on 127.0.0.1 on a free port and returns the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes the server and the browsers' idle keep-alive connections (without them close() waits for their timeout). */
export function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A foreign portal the spec started: where it is, and how to stop it. */
export interface RunningForeignPortal {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  /** The identity provider it logs in at, when it has one (http://localhost:<port>). */
  idpUrl?: string;
  stop(): Promise<void>;
}

/** Escapes text for HTML: the portals put user names into pages. */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
