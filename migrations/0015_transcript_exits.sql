-- The transcript exits each worker process fetches through, so pages can say how many are working.
ALTER TABLE "worker_heartbeats" ADD COLUMN "exits" jsonb DEFAULT '[]'::jsonb NOT NULL;
