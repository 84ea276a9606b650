-- +goose Up
-- How to reach a user: the email address reminders go to, and whether the
-- user turned reminder emails off (their in-app notices stay). Times are
-- Unix seconds.
CREATE TABLE user_contacts (
    user_id       INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email         TEXT NOT NULL DEFAULT '',
    reminders_off INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL
);

-- Every notice made for a user — a deadline reminder, a digest for a
-- leader, a returned report — once per (user, key): the key names what it
-- is about ("deadline:2022-Q2:-7"), so a rerun, a second instance or a
-- restart never sends it twice. The in-app list reads this table; status
-- says what became of the email (sent, failed, opted_out, no_address) and
-- every sent message stays logged here with its address and time.
CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    channel    TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    sent_at    INTEGER,
    error      TEXT NOT NULL DEFAULT '',
    UNIQUE (user_id, key)
);
CREATE INDEX notices_user ON notices(user_id, created_at);

-- +goose Down
DROP TABLE notices;
DROP TABLE user_contacts;
