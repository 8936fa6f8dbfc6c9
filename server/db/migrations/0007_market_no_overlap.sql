-- No worker is booked twice for overlapping time, whatever the concurrency: an exclusion constraint
-- over the worker and [starts_at - buffer, ends_at) among bookings that hold the worker's time.
-- blocked_from is a stored column because timestamptz - interval is not immutable in an index.
ALTER TABLE market_bookings ADD CONSTRAINT market_bookings_no_overlap
  EXCLUDE USING gist (coop_id WITH =, worker_id WITH =, tstzrange(blocked_from, ends_at) WITH &&)
  WHERE (status IN ('requested', 'accepted', 'confirmed', 'completed', 'settled'));
