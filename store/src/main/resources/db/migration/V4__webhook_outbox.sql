-- Order events for users' webhooks, durable from the moment the outbox accepts them until they are delivered,
-- given up or discarded: a restart (or another router instance on this database) picks pending rows up again.
-- A user's events are delivered in seq order, one at a time; a dispatcher claims a row by writing its own id and a
-- lease (claimed_by, claimed_until) so two instances never deliver the same row at once, and a dead instance's
-- claims expire. No foreign key to users: one bad row must never make a whole batch of events fail to be stored.
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
    claimed_until   timestamptz
);

-- What is due: the dispatchers' poll.
CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
-- Each user's oldest pending event (the only one that may be claimed).
CREATE INDEX webhook_outbox_user_pending ON webhook_outbox (user_id, seq) WHERE status = 'pending';
