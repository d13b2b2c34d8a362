-- Paper accounts' balances per user, venue and asset. Paper orders are filled by the router itself and never reach
-- the venue, so the venue holds no balance for them: kept here, a restart no longer hands a paper trader a fresh
-- account while the store still holds the positions the old one bought.
CREATE TABLE paper_balances (
    user_id text    NOT NULL,
    venue   text    NOT NULL,
    asset   text    NOT NULL,
    amount  numeric NOT NULL,
    PRIMARY KEY (user_id, venue, asset)
);
