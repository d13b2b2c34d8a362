-- First schema of the execution router. The same script runs on the embedded server and on an external
-- PostgreSQL. Money, prices and quantities are numeric (exact, any scale); times are timestamptz.
-- Enumerations are stored as their lower-case wire names.
-- Hot-path tables (signals, orders, positions) carry no foreign key to users: the intake has already
-- checked the user, and the order aggregate keeps its own keys (legs -> orders, fills -> legs).
-- Nothing in the order aggregate cascades on delete: the store never deletes an order, a leg or a fill,
-- and a delete by hand should fail rather than silently take the venue request log with it.

CREATE TABLE users (
    user_id    text PRIMARY KEY,
    role       text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- Only a hash of each API token is kept, so a copy of the database does not hand out tokens.
CREATE TABLE api_tokens (
    token_hash text PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE limits (
    user_id            text PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    enabled            boolean     NOT NULL,
    allowed_venues     text[]      NOT NULL DEFAULT '{}',  -- empty = all
    allowed_pairs      text[]      NOT NULL DEFAULT '{}',  -- empty = all
    max_order_usd      numeric     NOT NULL,
    max_position_usd   numeric     NOT NULL,
    daily_loss_usd     numeric     NOT NULL,
    max_open_positions integer     NOT NULL,
    trades_per_second  numeric     NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- sealed is ciphertext produced by the caller; plaintext venue secrets never reach the database.
CREATE TABLE credentials (
    user_id    text        NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    venue      text        NOT NULL,
    sealed     bytea       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, venue)
);

-- A webhook proves it comes from the strategy with the strategy's secret; a hash is enough to check it.
CREATE TABLE strategies (
    strategy    text PRIMARY KEY,
    secret_hash text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE subscriptions (
    user_id    text        NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
    strategy   text        NOT NULL REFERENCES strategies (strategy) ON DELETE CASCADE,
    enabled    boolean     NOT NULL,
    fixed_usd  numeric,
    fraction   numeric,
    cap_usd    numeric,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, strategy)
);
CREATE INDEX subscriptions_fan_out ON subscriptions (strategy) WHERE enabled;

-- A null idempotency key never collides (NULLs are distinct in a unique constraint).
CREATE TABLE signals (
    signal_id       text PRIMARY KEY,
    user_id         text        NOT NULL,
    pair            text        NOT NULL,
    side            text        NOT NULL,
    size_usd        numeric     NOT NULL,
    signal_type     text        NOT NULL,
    strategy        text        NOT NULL,
    idempotency_key text,
    order_ids       text[]      NOT NULL,  -- the answer given to the first request, replayed for a repeat
    accepted_at     timestamptz NOT NULL,
    CONSTRAINT signals_idempotency UNIQUE (user_id, idempotency_key)
);

CREATE TABLE orders (
    order_id         text PRIMARY KEY,
    signal_id        text        NOT NULL,
    user_id          text        NOT NULL,
    pair             text        NOT NULL,
    side             text        NOT NULL,
    signal_type      text        NOT NULL,
    requested_usd    numeric     NOT NULL,
    status           text        NOT NULL,
    execution_method text,
    route_reason     text,
    reject_code      text,
    status_reason    text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX orders_user_newest ON orders (user_id, created_at DESC, order_id DESC);
CREATE INDEX orders_newest ON orders (created_at DESC, order_id DESC);
CREATE INDEX orders_signal ON orders (signal_id);
-- What a restart or the reconciler must pick up; small because most orders end terminal.
CREATE INDEX orders_active ON orders (status)
    WHERE status NOT IN ('filled', 'rejected', 'failed', 'cancelled');

-- The instrument's rules are copied onto the leg so an order can be rebuilt exactly as it was routed,
-- even after the venue changes its tick or lot size.
CREATE TABLE legs (
    leg_id          text PRIMARY KEY,
    order_id        text        NOT NULL REFERENCES orders (order_id),
    leg_index       integer     NOT NULL,
    venue           text        NOT NULL,
    symbol          text        NOT NULL,
    pair            text        NOT NULL,
    tick_size       numeric     NOT NULL,
    lot_size        numeric     NOT NULL,
    min_qty         numeric     NOT NULL,
    min_notional    numeric     NOT NULL,
    order_type      text        NOT NULL,
    quantity        numeric     NOT NULL,
    limit_price     numeric,
    not_before      timestamptz,
    client_order_id text        NOT NULL,
    attempt_family  integer     NOT NULL,
    status          text        NOT NULL,
    venue_order_id  text,
    status_reason   text,
    -- A client order id names one order on its venue, so two legs may never share one.
    CONSTRAINT legs_client_order_id UNIQUE (venue, client_order_id)
);
CREATE INDEX legs_order ON legs (order_id, leg_index);

-- Intent / outcome log of requests to venues: the intent is written before sending, the outcome after,
-- so a request without an outcome is exactly a request whose fate is unknown.
CREATE TABLE venue_requests (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    leg_id          text        NOT NULL REFERENCES legs (leg_id),
    venue           text        NOT NULL,
    client_order_id text        NOT NULL,
    kind            text        NOT NULL,
    sent_at         timestamptz NOT NULL,
    outcome         text,
    outcome_at      timestamptz,
    detail          text
);
CREATE INDEX venue_requests_leg ON venue_requests (leg_id);
CREATE INDEX venue_requests_open ON venue_requests (sent_at) WHERE outcome IS NULL;

-- A venue's trade id is unique on that venue: the same fill imported twice is stored once.
CREATE TABLE fills (
    venue     text        NOT NULL,
    fill_id   text        NOT NULL,
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    leg_id    text        NOT NULL REFERENCES legs (leg_id),
    order_id  text        NOT NULL REFERENCES orders (order_id),
    quantity  numeric     NOT NULL CHECK (quantity > 0),
    price     numeric     NOT NULL CHECK (price > 0),
    fee       numeric     NOT NULL CHECK (fee >= 0),
    fee_asset text,
    liquidity text,
    time      timestamptz NOT NULL,
    PRIMARY KEY (venue, fill_id)
);
CREATE INDEX fills_order ON fills (order_id, seq);

CREATE TABLE positions (
    user_id      text        NOT NULL,
    venue        text        NOT NULL,
    pair         text        NOT NULL,
    quantity     numeric     NOT NULL,
    average_cost numeric     NOT NULL,
    realized_pnl numeric     NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, venue, pair)
);

-- Append-only and hash-chained: hash = SHA-256(prev_hash and this row's fields), computed by the store.
-- seq is gapless (assigned under a table lock) so a row deleted from the middle breaks the numbering.
CREATE TABLE audit_log (
    seq         bigint PRIMARY KEY,
    time        timestamptz NOT NULL,
    actor       text,
    entity_type text,
    entity_id   text,
    action      text,
    detail      text,
    prev_hash   text        NOT NULL,
    hash        text        NOT NULL
);

-- Refuse updates and deletes outright; the hash chain still catches anyone who disables this trigger.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
