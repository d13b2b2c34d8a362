-- A venue's trade id is not unique on the venue: Binance, Kraken (trade_id), OKX (tradeId) print one id for both
-- sides of a trade, so two users of this router who trade with each other receive fills with the same id, and a
-- self-trade gives one account two rows with one id. Keyed by (venue, fill id) the second user's fill row was
-- dropped while their position changed, and a restart then applied the fill again. A fill is unique per leg: a leg
-- is one order of one account on one venue, so (leg, fill id) is exactly "unique per venue, account and order".
ALTER TABLE fills DROP CONSTRAINT fills_pkey;
ALTER TABLE fills ADD PRIMARY KEY (leg_id, fill_id);
