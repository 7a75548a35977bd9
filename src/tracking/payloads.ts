export interface VideoIdPayload {
  readonly videoId: string;
}

/** For tasks about one video: { videoId: an 11-character YouTube id }. */
export function assertVideoIdPayload(task: string, payload: unknown): asserts payload is VideoIdPayload {
  const videoId = (payload as { videoId?: unknown } | null)?.videoId;
  if (typeof videoId !== 'string' || !/^[A-Za-z0-9_-]{11}$/.test(videoId)) {
    throw new Error(`${task} payload must be { videoId: an 11-character YouTube id }`);
  }
}
