-- Per-user trading mode, and what may be shown about a stored credential.
-- mode is null for users created before modes existed: the service then applies its default (paper when it runs
-- its in-process simulator, live otherwise), so this migration changes nothing for them.
ALTER TABLE users ADD COLUMN mode text CHECK (mode IN ('paper', 'live'));

-- The key hint is the key's last characters (never the secret); permissions are what the venue said the key may
-- do when it was checked ('read', 'trade', 'withdraw'); validated_at is null for credentials stored unchecked
-- (paper accounts, rows from before the check).
ALTER TABLE credentials ADD COLUMN key_hint text;
ALTER TABLE credentials ADD COLUMN permissions text[] NOT NULL DEFAULT '{}';
ALTER TABLE credentials ADD COLUMN validated_at timestamptz;
