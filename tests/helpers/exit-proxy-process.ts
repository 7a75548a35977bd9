// Test exit proxies in a process of their own (see spawnExitProxies): timing tests keep them off
// the event loop of the test process, which also runs the stand-in that measures them.
import { startExitProxy } from './exit-proxies.ts';

const proxies = await Promise.all(process.argv.slice(2).map((exit) => startExitProxy(exit)));
process.send!({ proxies: proxies.map((p) => ({ url: p.url, exit: p.exit })) });
process.on('message', (message) => {
  if (message === 'received') process.send!({ received: proxies.map((p) => p.received) });
  if (message === 'reset') for (const proxy of proxies) proxy.received.length = 0;
});
process.on('disconnect', () => {
  void Promise.all(proxies.map((p) => p.close())).finally(() => process.exit(0));
});
