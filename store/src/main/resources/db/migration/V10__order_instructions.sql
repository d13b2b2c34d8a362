-- What a signal asked beyond side and size, kept with its order so a restart routes it the same way:
-- close_all and the quantity an exit reserved against the position at intake (what other exits could not claim);
-- an entry's limit price and time in force, and its bracket's take-profit and stop-loss prices.
ALTER TABLE orders ADD COLUMN close_all boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN exit_qty numeric;
ALTER TABLE orders ADD COLUMN limit_price numeric;
ALTER TABLE orders ADD COLUMN time_in_force_s integer;
ALTER TABLE orders ADD COLUMN take_profit_price numeric;
ALTER TABLE orders ADD COLUMN stop_loss_price numeric;
