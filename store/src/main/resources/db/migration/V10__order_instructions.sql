-- What a signal asked beyond side and size, kept with its order so a restart routes it the same way:
-- close_all and the quantity an exit reserved against the position at intake (what other exits could not claim);
-- an entry's limit price and time in force, and its bracket's take-profit and stop-loss prices.
ALTER TABLE orders ADD COLUMN close_all boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN exit_qty numeric;
ALTER TABLE orders ADD COLUMN limit_price numeric;
ALTER TABLE orders ADD COLUMN time_in_force_s integer;
ALTER TABLE orders ADD COLUMN take_profit_price numeric;
ALTER TABLE orders ADD COLUMN stop_loss_price numeric;

-- Brackets: the take-profit and stop-loss of an entry as armed state, watched by the router on the venue's book.
-- Kept here so a stop armed before a restart is still armed after it. What is armed is entry_filled_qty - exited_qty;
-- exit_signal_id names the exit working now (its idempotency key too, so a trigger repeated after a crash is the
-- same signal, not a second exit).
CREATE TABLE brackets (
    entry_order_id    text PRIMARY KEY,
    user_id           text        NOT NULL,
    pair              text        NOT NULL,
    entry_side        text        NOT NULL,
    venue             text,
    take_profit_price numeric,
    stop_loss_price   numeric,
    entry_filled_qty  numeric     NOT NULL,
    entry_final       boolean     NOT NULL,
    exited_qty        numeric     NOT NULL,
    exit_signal_id    text,
    exit_attempts     integer     NOT NULL,
    last_triggered    text,
    status            text        NOT NULL,
    updated_at        timestamptz NOT NULL
);
-- What a restart reads: the brackets still armed or with an exit working.
CREATE INDEX brackets_live ON brackets (status) WHERE status IN ('armed', 'triggered');
