-- +goose Up
-- Background export jobs: the instance that starts a job runs it and keeps
-- its state and, once done, its file here, so the status page and the
-- download answer on any instance behind the load balancer. A job runs
-- once: only the instance that made the row runs it. Finished jobs are
-- removed after a while (the web's jobTTL). Times are Unix seconds.
CREATE TABLE jobs (
    id          TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    name        TEXT NOT NULL,
    state       TEXT NOT NULL,
    error_vi    TEXT NOT NULL DEFAULT '',
    error_en    TEXT NOT NULL DEFAULT '',
    file        BLOB,
    created_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX jobs_created ON jobs(created_at);

-- +goose Down
DROP TABLE jobs;
