-- A user's callback for order events: its URL and signing secret, sealed by the credential vault as credentials
-- are (the secret must stay usable to sign each delivery, so it is encrypted rather than hashed).
CREATE TABLE user_webhooks (
    user_id    text        PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE,
    sealed     bytea       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
