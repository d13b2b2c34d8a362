-- Work an instance that does not drive a user leaves for the user's owner: the owner's trade-rate check of an order
-- another instance stored (written in the same transaction as the order), and a cancel taken by another instance.
-- Rows stay until the owner has done the work, so they survive the owner dying and reach the next owner.
CREATE TABLE owner_tasks (
    task_id      bigserial   PRIMARY KEY,
    kind         text        NOT NULL CHECK (kind IN ('trade_rate', 'cancel')),
    user_id      text        NOT NULL,
    order_id     text        NOT NULL,
    requested_at timestamptz NOT NULL
);

-- Request budgets an exchange counts per IP, shared by the instances behind one egress address: one row per
-- Bucket4j bucket (its serialized state), read and written under SELECT ... FOR UPDATE (see PgRateBuckets).
CREATE TABLE rate_buckets (
    bucket_key text  PRIMARY KEY,
    state      bytea
);
