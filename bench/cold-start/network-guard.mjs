// Preloaded with `node --import` for the network check: blocks and records every TCP connection
// and DNS lookup the process attempts, then prints `network-attempts <JSON list>` on stdout when
// the process exits, also after an uncaught error. HTTP, HTTPS and fetch all connect through
// `net.Socket.prototype.connect`.
import dns from 'node:dns';
import { writeSync } from 'node:fs';
import net from 'node:net';

const attempts = [];

net.Socket.prototype.connect = function connect(...args) {
  const [first, second] = args;
  const target = typeof first === 'object' && first !== null ? `${first.host ?? first.path ?? 'localhost'}:${first.port ?? ''}` : `${second ?? 'localhost'}:${first}`;
  attempts.push(`connect ${target}`);
  // Failing the socket the way a refused connection does lets the caller's error handling run.
  process.nextTick(() => this.destroy(new Error(`the cold-start network check blocked a connection to ${target}`)));
  return this;
};

dns.lookup = function lookup(hostname, ...rest) {
  attempts.push(`dns.lookup ${hostname}`);
  const callback = rest.at(-1);
  if (typeof callback === 'function') {
    process.nextTick(callback, new Error(`the cold-start network check blocked a DNS lookup of ${hostname}`));
  }
};

dns.promises.lookup = async function lookup(hostname) {
  attempts.push(`dns.promises.lookup ${hostname}`);
  throw new Error(`the cold-start network check blocked a DNS lookup of ${hostname}`);
};

process.on('exit', () => {
  writeSync(1, `network-attempts ${JSON.stringify(attempts)}\n`);
});
