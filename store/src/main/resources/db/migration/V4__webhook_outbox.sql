-- Order events for users' webhooks, durable from the moment the outbox accepts them until they are delivered,
-- given up or discarded: a restart (or another router instance on this database) picks pending rows up again.
-- A user's events are delivered in seq order, one at a time; a dispatcher claims a row by writing its own id and a
-- lease (claimed_by, claimed_until) so two instances never deliver the same row at once, and a dead instance's
-- claims expire. No foreign key to users: one bad row must never make a whole batch of events fail to be stored.
-- order_id, order_status and order_updated_at say which stored state of which order an event describes: at startup a
-- catch-up sweep adds an event for each recently updated order whose current state no row describes (its event was
-- lost in a crash before the outbox accepted it). catch_up marks the rows the sweep added.
CREATE TABLE webhook_outbox (
    seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    event_id        text        PRIMARY KEY,
    user_id         text        NOT NULL,
    payload         text        NOT NULL,  -- the exact body POSTed (signed), the same bytes on every attempt
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    last_attempt_at timestamptz,
    status          text        NOT NULL DEFAULT 'pending'
                                CHECK (status IN ('pending', 'delivered', 'gave_up', 'discarded')),
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    claimed_by      text,
    claimed_until   timestamptz,
    order_id         text,
    order_status     text,
    order_updated_at timestamptz,
    catch_up         boolean     NOT NULL DEFAULT false,
    CHECK ((order_id IS NULL) = (order_status IS NULL) AND (order_id IS NULL) = (order_updated_at IS NULL)),
    CHECK (NOT catch_up OR order_id IS NOT NULL)
);

-- What is due: the dispatchers' poll.
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
-- Each user's oldest pending event (the only one that may be claimed).
CREATE INDEX webhook_outbox_user_pending ON webhook_outbox (user_id, seq) WHERE status = 'pending';
-- Is this order state described by some event? (the catch-up sweep's NOT EXISTS)
CREATE INDEX webhook_outbox_order_state ON webhook_outbox (order_id, order_status, order_updated_at);
-- Router instances sweeping at the same time add one catch-up event per order state between them: the second
-- instance's insert waits for the first one's commit and then does nothing (ON CONFLICT DO NOTHING).
CREATE UNIQUE INDEX webhook_outbox_catch_up_once ON webhook_outbox (order_id, order_status, order_updated_at)
    WHERE catch_up;
-- The sweep reads the orders updated in its window.
CREATE INDEX orders_updated ON orders (updated_at);
