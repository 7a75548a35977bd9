// The part of webvtt-parser (which ships no types) that the export tests use.
declare module 'webvtt-parser' {
  export interface WebVTTNode {
    readonly type?: string;
    readonly value?: string;
    readonly children?: ReadonlyArray<WebVTTNode>;
  }
  export interface WebVTTCue {
    readonly startTime: number;
    readonly endTime: number;
    readonly text: string;
    readonly tree: WebVTTNode;
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'metadata' | 'chapters'): { cues: WebVTTCue[]; errors: Array<{ message: string; line: number }> };
  }
}
