import { EventEmitter } from 'node:events';
import { createLogger } from '../../../src/logger.js';
import { guardProcess } from '../../../src/process-guard.js';

/**
 * A process guarded as the api and the worker are, that then meets an error nobody handles: the kind named by
 * argv[2] — `lost` (a pg connection terminated by the server, emitted as an 'error' event without a listener),
 * `lost-rejection` (the same error as an unhandled rejection) or `bug` (a TypeError). It prints `still alive`
 * if it lives on to its next turn of the event loop.
 */
guardProcess(createLogger('warn'));
const terminated = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
const kind = process.argv[2];
// Each on a turn of its own, as a socket's events arrive: a throw here ends only this callback.
setImmediate(() => {
  if (kind === 'lost') new EventEmitter().emit('error', terminated());
  else if (kind === 'lost-rejection') void Promise.reject(terminated());
  else return (null as unknown as { name: string }).name;
});
setTimeout(() => {
  process.stdout.write('still alive\n');
  process.exit(0);
}, 50);
