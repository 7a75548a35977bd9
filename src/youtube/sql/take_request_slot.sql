-- One request slot under "at most max_requests in any window_seconds, and at least min_gap_seconds
-- apart", for every process at once: the row lock serialises callers. Returns 0 when the slot is
-- granted, otherwise how many seconds to wait before asking again.
CREATE OR REPLACE FUNCTION subtext_take_request_slot(bucket text, max_requests integer, window_seconds float8, min_gap_seconds float8)
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  live float8[];
  now_s float8;
BEGIN
  INSERT INTO request_windows (name) VALUES (bucket) ON CONFLICT (name) DO NOTHING;
  PERFORM 1 FROM request_windows WHERE name = bucket FOR UPDATE;
  -- Read the clock only once the lock is held, so waiting for it never makes a grant look older.
  now_s := extract(epoch from clock_timestamp());
  SELECT array(SELECT g FROM unnest(grants) g WHERE g > now_s - window_seconds ORDER BY g) INTO live
    FROM request_windows WHERE name = bucket;
  IF cardinality(live) >= max_requests THEN
    RETURN live[cardinality(live) - max_requests + 1] + window_seconds - now_s;
  END IF;
  IF cardinality(live) > 0 AND now_s - live[cardinality(live)] < min_gap_seconds THEN
    RETURN live[cardinality(live)] + min_gap_seconds - now_s;
  END IF;
  UPDATE request_windows SET grants = live || now_s WHERE name = bucket;
  RETURN 0;
END $$;
