-- A strategy alert is stored (one row) before it is answered; its fan-out to the subscribers runs after the answer.
-- fanned_out_at stays NULL until every subscriber's signal has been derived, so a restart runs the fan-out of an
-- alert again (idempotent: each subscriber's signal carries the alert's key as its idempotency key).
CREATE TABLE strategy_alerts (
    alert_id      text        PRIMARY KEY,
    strategy      text        NOT NULL,
    actor         text        NOT NULL,
    pair          text        NOT NULL,
    side          text        NOT NULL,
    signal_type   text        NOT NULL,
    size_usd      numeric,
    close_all     boolean     NOT NULL DEFAULT false,
    signal_time   text,
    keys          text[]      NOT NULL,
    received_at   timestamptz NOT NULL,
    fanned_out_at timestamptz
);

CREATE INDEX strategy_alerts_not_fanned_out ON strategy_alerts (received_at) WHERE fanned_out_at IS NULL;
