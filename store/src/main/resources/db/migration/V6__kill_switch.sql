-- Risk controls of the second wave.
-- How old a signal's signal_time may be when it arrives (0: not checked). 60 s by default: a TradingView
-- re-delivery or a signal that waited in a queue longer than that trades on a decision the market has moved past.
ALTER TABLE limits ADD COLUMN max_signal_age_ms bigint NOT NULL DEFAULT 60000 CHECK (max_signal_age_ms >= 0);
