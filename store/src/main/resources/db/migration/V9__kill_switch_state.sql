-- Kill switches as last set, so a restart keeps refusing entries: one row per user, and one for the global switch
-- (scope '*'). A switch that reset itself on restart would let a bot trade again after a crash.
CREATE TABLE kill_switches (
    scope   text        PRIMARY KEY,
    enabled boolean     NOT NULL,
    mode    text        NOT NULL CHECK (mode IN ('block_entries', 'flatten')),
    set_at  timestamptz NOT NULL
);
