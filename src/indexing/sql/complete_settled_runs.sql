-- Indexing writes in single statements, so a worker holds a pooled connection for one round trip,
-- never for a transaction that waits on a run's lock (50 jobs in flight share a pool of 10).
--
-- Marks runs completed once listing has ended and no video is pending.
CREATE OR REPLACE FUNCTION subtext_complete_settled_runs(run_ids bigint[]) RETURNS void
  LANGUAGE sql
  BEGIN ATOMIC
    UPDATE index_runs r SET status = 'completed', finished_at = now()
    WHERE r.id = ANY (run_ids) AND r.status = 'fetching'
      AND NOT EXISTS (SELECT 1 FROM index_run_videos rv WHERE rv.run_id = r.id AND rv.state = 'pending');
  END;
