-- Order history: the strategy an order came from (for filtering and for the trader's own reports) and the
-- venue-independent mid when it was routed (the benchmark for its slippage). Both nullable: rows from before this
-- migration keep null arrival mids, and their strategy is copied from their signal.
ALTER TABLE orders ADD COLUMN strategy text;
ALTER TABLE orders ADD COLUMN arrival_mid numeric;
UPDATE orders o SET strategy = s.strategy FROM signals s WHERE s.signal_id = o.signal_id AND o.strategy IS NULL;
-- Paging a user's history by strategy, newest first, with the same keyset as the plain listing.
CREATE INDEX orders_user_strategy_newest ON orders (user_id, strategy, created_at DESC, order_id DESC);
