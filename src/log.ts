// Structured JSON logs, one object a line, so a container's log collector can index them.
import { AsyncLocalStorage } from 'node:async_hooks';

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: number = order.info;

export function setLogLevel(level: Level): void {
  threshold = order[level];
}

export type LogFields = Readonly<Record<string, unknown>>;

const context = new AsyncLocalStorage<LogFields>();

/** Runs fn with fields (a job's id and task, say) added to every line logged while it runs. */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

/**
 * What was thrown, Error or not, with its chain of causes. Only the name, message, code and stack of
 * an Error are kept: drivers hang connections (with their secrets) and query parameters on theirs.
 */
export function describeThrown(thrown: unknown, depth = 0): unknown {
  if (!(thrown instanceof Error)) {
    if (thrown === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof thrown)) return { thrown: String(thrown) };
    let text: string;
    try {
      text = JSON.stringify(thrown) ?? String(thrown);
    } catch {
      text = String(thrown);
    }
    return { thrown: text.slice(0, 2000) };
  }
  const code = (thrown as { code?: unknown }).code;
  return {
    name: thrown.name,
    message: thrown.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: thrown.stack,
    ...(thrown.cause !== undefined && depth < 5 ? { cause: describeThrown(thrown.cause, depth + 1) } : {}),
  };
}

function write(level: Level, msg: string, fields?: LogFields): void {
  if (order[level] < threshold) return;
  const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg, ...context.getStore(), ...fields };
  if (fields && 'err' in fields) line['err'] = describeThrown(fields['err']);
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(JSON.stringify(line) + '\n');
}

// A closed terminal (SIGHUP) or a reader that went away makes writes fail with EIO or EPIPE: logging
// must not turn that into an uncaught exception in the middle of a clean shutdown.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

export const log = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};
