// Every form, query and path value is read through this validator. A value that does not fit its
// schema ends in one short sentence naming the field (rendered by the app's one error handler as a
// page, an htmx fragment, or JSON under /api), never the validator's own JSON, which reads as a crash.
import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';

export class UnreadableRequest extends HTTPException {
  readonly target: keyof ValidationTargets;
  readonly fields: string;

  constructor(target: keyof ValidationTargets, fields: string) {
    super(400, { message: `This request has a value subtext cannot read: ${fields}.` });
    this.target = target;
    this.fields = fields;
  }

  /** For a person: which part of what they sent could not be read. */
  get sentence(): string {
    const where = this.target === 'form' || this.target === 'json' ? 'This form has' : 'This address has';
    return `${where} a value subtext cannot read (${this.fields}). Check the link, or start again from the home page.`;
  }
}

/** The fields that failed, by name, e.g. "id" or "sort". */
function fieldNames(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey> }>): string {
  return [...new Set(issues.map((issue) => issue.path.map(String).join('.') || 'value'))].join(', ');
}

/**
 * zValidator with subtext's answer to a bad value; `onInvalid` replaces it where another answer
 * fits better (a malformed id in a path is a page that does not exist: 404).
 */
export function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target, schema: Schema, onInvalid?: (c: Context) => Response | Promise<Response>,
) {
  return zValidator(target, schema, (result, c) => {
    if (result.success) return undefined;
    if (onInvalid) return onInvalid(c);
    throw new UnreadableRequest(target, fieldNames(result.error.issues));
  });
}
