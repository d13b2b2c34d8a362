-- A leg whose venue could not take the order (breaker open, maintenance, venue unavailable) before anything
-- filled is replaced by a leg on another venue; the old leg names its replacement.
ALTER TABLE legs ADD COLUMN superseded_by text REFERENCES legs (leg_id) DEFERRABLE INITIALLY DEFERRED;
