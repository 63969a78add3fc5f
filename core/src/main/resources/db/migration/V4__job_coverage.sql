-- The coverage report of a crawl job (GET /api/v1/sources/{id}/report): counts, the reason for every skip,
-- failure and deletion, and a few sample URLs per reason, as JSON. Kept apart from jobs.result so that job lists
-- and the job event stream do not carry the sample URLs; one row per crawl job, removed with its job.
CREATE TABLE job_coverage (
    job_id     UUID                     NOT NULL PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    report     TEXT                     NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
