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

function write(level: Level, msg: string, fields?: LogFields): void {
  if (order[level] < threshold) return;
  const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg, ...context.getStore(), ...fields };
  const err = fields?.['err'];
  if (err instanceof Error) line['err'] = { name: err.name, message: err.message, stack: err.stack };
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(JSON.stringify(line) + '\n');
}

export const log = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};
