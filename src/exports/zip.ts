// A ZIP archive streamed as it is made (fflate): files are asked for one batch at a time, only when
// the client has read what came before, so a channel of thousands of transcripts never sits in memory.
import { Zip, ZipDeflate } from 'fflate';

export interface ZipEntry {
  readonly name: string;
  readonly text: string;
}

/** nextBatch answers the next files, or null when there are no more. */
export function zipStream(nextBatch: () => Promise<ReadonlyArray<ZipEntry> | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let zip: Zip;
  let failure: Error | null = null;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((err, chunk, final) => {
        if (err) {
          failure = err;
          return;
        }
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      let batch: ReadonlyArray<ZipEntry> | null;
      do batch = await nextBatch(); while (batch !== null && batch.length === 0);
      if (batch === null) {
        zip.end();
      } else {
        for (const entry of batch) {
          const file = new ZipDeflate(entry.name, { level: 6 });
          zip.add(file);
          file.push(encoder.encode(entry.text), true);
        }
      }
      if (failure) throw failure;
    },
  }, { highWaterMark: 1 });
}
