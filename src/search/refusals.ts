// Why a search was not answered with results, in words a person can act on: the same text on the
// page, in the CSV export and in the JSON API.
import { MAX_QUERY_CHARS, MAX_QUERY_WORDS, type SearchRequest } from './request.ts';

/** Searches one person may have running at once in a web process (see slots.ts). */
export const SEARCHES_IN_FLIGHT_PER_USER = 2;

export interface Refusal {
  readonly status: 400 | 422 | 429;
  readonly message: string;
}

export function searchRefusal(outcome: { request: SearchRequest; tooBroad?: boolean | undefined; busy?: boolean | undefined }): Refusal | null {
  if (outcome.request.tooLong) {
    return { status: 400, message: `Query too long: searches are limited to ${MAX_QUERY_CHARS} characters. Shorten it and try again.` };
  }
  if (outcome.request.tooManyWords) {
    return { status: 400, message: `Too many words: a search takes up to ${MAX_QUERY_WORDS} words (a word repeated counts once). Leave some out and try again.` };
  }
  if (outcome.tooBroad) {
    return { status: 422, message: 'This search was too broad to finish in time: narrow it with another word, an exact "phrase" or a filter.' };
  }
  if (outcome.busy) {
    return { status: 429, message: `You already have ${SEARCHES_IN_FLIGHT_PER_USER} searches running: wait a moment for them to finish, then try again.` };
  }
  return null;
}
