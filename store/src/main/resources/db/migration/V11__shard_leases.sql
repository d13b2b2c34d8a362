-- Several router instances on one database: users hash to 64 shards, and each shard is leased by one live instance.
-- token is the fencing token, raised by one on every change of owner; every write of a shard's order state checks
-- it under a row lock in the same transaction, so an instance that lost a shard (paused, partitioned) cannot write.
CREATE TABLE router_instances (
    instance_id text        PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    last_seen   timestamptz NOT NULL
);

CREATE TABLE shard_leases (
    shard       integer     PRIMARY KEY CHECK (shard >= 0 AND shard < 64),
    owner       text,
    token       bigint      NOT NULL DEFAULT 0,
    acquired_at timestamptz,
    expires_at  timestamptz
);

INSERT INTO shard_leases (shard) SELECT s FROM generate_series(0, 63) AS s;
