-- Log-in sessions, read by every node and kept across restarts (session.store database; io.switchboard.db.SessionTable)
CREATE TABLE switchboard_sessions (
    id VARCHAR(128) PRIMARY KEY,
    -- the serialized Vert.x Web session
    data BYTEA NOT NULL,
    -- epoch milliseconds: the last use plus the session's timeout
    expires_at BIGINT NOT NULL
);

CREATE INDEX switchboard_sessions_expires_at ON switchboard_sessions (expires_at);
