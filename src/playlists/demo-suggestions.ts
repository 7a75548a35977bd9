// Demo mode: the stand-in's public playlists, offered on the library page as one-click "Add"
// suggestions (nobody knows the made-up playlist URLs to paste).
import { DEMO_PLAYLISTS } from '../standin/demo-data.ts';

export interface PlaylistSuggestion {
  readonly id: string;
  readonly title: string;
  readonly videos: number;
}

export function demoPlaylistSuggestions(inLibrary: ReadonlySet<string>): PlaylistSuggestion[] {
  return [...DEMO_PLAYLISTS.values()]
    .filter((p) => p.privacy === 'public' && !inLibrary.has(p.id))
    .map((p) => ({ id: p.id, title: p.title, videos: p.itemCount }));
}
