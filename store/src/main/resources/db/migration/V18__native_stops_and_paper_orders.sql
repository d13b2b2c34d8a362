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
