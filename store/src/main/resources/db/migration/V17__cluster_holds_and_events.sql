-- A venue's "back off" (a 429/418 with Retry-After, a ban) one instance was told, held by every instance behind the
-- same egress address until the stated time: one row per limiter bucket (rule|scope, scope "ip" or a key's
-- fingerprint). A row past its time holds nothing; rows are pruned when a later hold is written.
CREATE TABLE rate_holds (
    hold_key text        PRIMARY KEY,
    until    timestamptz NOT NULL
);

-- Order events of a cluster, in the order they were stored: an instance whose LISTEN connection dropped catches up
-- from the last seq it saw, and an event-stream client resumes with Last-Event-ID on any instance. Pruned by age.
CREATE TABLE cluster_events (
    seq         bigserial   PRIMARY KEY,
    instance_id text        NOT NULL,
    event_id    text        NOT NULL UNIQUE,
    user_id     text        NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT now(),
    json        text        NOT NULL
);
CREATE INDEX cluster_events_user_seq ON cluster_events (user_id, seq);
CREATE INDEX cluster_events_stored_at ON cluster_events (stored_at);
