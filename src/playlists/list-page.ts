// One list of the library on its own page: its videos in order, with where each transcript stands,
// filterable by that state. Read only through the person's own library.
import type { Sql } from '../db/client.ts';
import type { LatestRun, ListKind } from './library.ts';
import { listLibrary } from './library.ts';

export const TRANSCRIPT_STATES = ['indexed', 'pending', 'unavailable', 'failed', 'skipped'] as const;
export type TranscriptState = (typeof TRANSCRIPT_STATES)[number];
export const VIDEOS_PER_PAGE = 100;

export interface ListVideo {
  readonly id: string;
  readonly position: number;
  readonly title: string;
  readonly channelTitle: string | null;
  readonly durationSeconds: number | null;
  readonly thumbnailUrl: string | null;
  readonly transcriptStatus: TranscriptState;
  readonly transcriptError: string | null;
  readonly transcriptKind: 'manual' | 'auto' | null;
}

export interface ListPage {
  readonly id: string;
  readonly kind: ListKind;
  readonly title: string;
  readonly channelTitle: string | null;
  readonly itemCount: number;
  readonly latestRun: LatestRun | null;
  /** Videos of the list in each transcript state (all of them, whatever the filter). */
  readonly counts: Readonly<Record<TranscriptState, number>>;
  readonly videos: ReadonlyArray<ListVideo>;
  /** Videos matching the filter, for paging. */
  readonly matching: number;
}

/** Null when the list is not in the person's library. */
export async function readListPage(sql: Sql, userId: number, listId: string, filter: { readonly state?: TranscriptState | undefined; readonly page: number }): Promise<ListPage | null> {
  const list = (await listLibrary(sql, userId)).find((p) => p.id === listId);
  if (!list) return null;
  const stateRows = await sql<{ state: TranscriptState; n: number }[]>`
    select v.transcript_status as state, count(*)::int as n from playlist_videos pv join videos v on v.id = pv.video_id
    where pv.playlist_id = ${listId} and pv.removed_at is null group by 1`;
  const counts = Object.fromEntries(TRANSCRIPT_STATES.map((s) => [s, stateRows.find((r) => r.state === s)?.n ?? 0])) as Record<TranscriptState, number>;
  const stateFilter = filter.state === undefined ? sql`` : sql`and v.transcript_status = ${filter.state}`;
  const videos = await sql<ListVideo[]>`
    select v.id, pv.position, v.title, v.channel_title as "channelTitle", v.duration_seconds as "durationSeconds",
      v.thumbnail_url as "thumbnailUrl", v.transcript_status as "transcriptStatus", v.transcript_error as "transcriptError",
      v.transcript_kind as "transcriptKind"
    from playlist_videos pv join videos v on v.id = pv.video_id
    where pv.playlist_id = ${listId} and pv.removed_at is null ${stateFilter}
    order by pv.position limit ${VIDEOS_PER_PAGE} offset ${(filter.page - 1) * VIDEOS_PER_PAGE}`;
  const matching = filter.state === undefined ? Object.values(counts).reduce((a, b) => a + b, 0) : counts[filter.state];
  return { id: list.id, kind: list.kind, title: list.title, channelTitle: list.channelTitle, itemCount: list.itemCount, latestRun: list.latestRun, counts, videos, matching };
}
