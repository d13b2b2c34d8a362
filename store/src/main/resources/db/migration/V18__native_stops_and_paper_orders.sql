-- Venue-native stops of brackets. An exit order that is one side of a bracket names the bracket (oco_group): the two
-- sides claim the position once between them, since one cancels the other. A native stop's trigger is kept in the
-- order's take_profit_price / stop_loss_price and its limit in limit_price, so a send after a restart is the same.
ALTER TABLE orders ADD COLUMN oco_group text;

-- The bracket's native orders by signal id (stored before they are submitted, so a restart finds them by signal id
-- and the engine by client order id, never sending them again), the quantity they were placed for (re-sized when the
-- entry fills more), how many were placed, and whether native placing is off (refused by the venue, or cancelled by
-- someone else: the router's own trigger watches instead).
ALTER TABLE brackets ADD COLUMN native_stop_signal_id text;
ALTER TABLE brackets ADD COLUMN native_take_signal_id text;
ALTER TABLE brackets ADD COLUMN native_qty numeric NOT NULL DEFAULT 0;
ALTER TABLE brackets ADD COLUMN native_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE brackets ADD COLUMN native_off boolean NOT NULL DEFAULT false;

-- Paper orders (paper users on real venues are filled by the router's own paper desk, never sent): every paper order
-- with its state and fills, so a resting paper limit survives a restart and the engine asking about an order after a
-- restart finds it rather than hearing "no such order". fills is a JSON array of the order's fills.
CREATE TABLE paper_orders (
    user_id         text        NOT NULL,
    venue           text        NOT NULL,
    client_order_id text        NOT NULL,
    venue_order_id  text        NOT NULL,
    symbol          text        NOT NULL,
    side            text        NOT NULL,
    order_type      text        NOT NULL,
    quantity        numeric     NOT NULL,
    limit_price     numeric,
    quote_qty       numeric,
    status          text        NOT NULL,
    fills           text        NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (user_id, venue, client_order_id)
);
-- What a restarted paper desk reads back: each user's paper orders still open on a venue.
CREATE INDEX paper_orders_open ON paper_orders (user_id, venue) WHERE status IN ('open', 'partially_filled');
