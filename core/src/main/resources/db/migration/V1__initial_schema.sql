-- One schema for H2 (standalone) and PostgreSQL (cluster): only types and syntax both accept.

CREATE TABLE knowledge_sources (
    id            UUID                     NOT NULL PRIMARY KEY,
    name          VARCHAR(200)             NOT NULL,
    description   VARCHAR(2000),
    base_url      VARCHAR(2048)            NOT NULL,
    source_type   VARCHAR(20)              NOT NULL,
    config        TEXT                     NOT NULL,
    status        VARCHAR(20)              NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_crawl_at TIMESTAMP WITH TIME ZONE,
    last_full_crawl_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_knowledge_sources_name UNIQUE (name)
);

CREATE TABLE documents (
    id            UUID                     NOT NULL PRIMARY KEY,
    source_id     UUID                     NOT NULL REFERENCES knowledge_sources (id) ON DELETE CASCADE,
    url           VARCHAR(2048)            NOT NULL,
    title         VARCHAR(1000)            NOT NULL,
    content       TEXT                     NOT NULL,
    headings      TEXT                     NOT NULL,
    outlinks      TEXT                     NOT NULL,
    content_hash  VARCHAR(64)              NOT NULL,
    content_type  VARCHAR(100)             NOT NULL,
    etag          VARCHAR(500),
    last_modified VARCHAR(100),
    depth         INTEGER                  NOT NULL,
    index_status  VARCHAR(20)              NOT NULL,
    fetched_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_documents_source_url UNIQUE (source_id, url)
);
CREATE INDEX ix_documents_index_status ON documents (index_status);

CREATE TABLE document_chunks (
    id            VARCHAR(80)              NOT NULL PRIMARY KEY,
    document_id   UUID                     NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    source_id     UUID                     NOT NULL REFERENCES knowledge_sources (id) ON DELETE CASCADE,
    chunk_index   INTEGER                  NOT NULL,
    content       TEXT                     NOT NULL,
    token_count   INTEGER                  NOT NULL,
    heading_path  VARCHAR(2000),
    metadata      TEXT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_document_chunks_position UNIQUE (document_id, chunk_index)
);

CREATE TABLE jobs (
    id              UUID                     NOT NULL PRIMARY KEY,
    source_id       UUID                     NOT NULL REFERENCES knowledge_sources (id) ON DELETE CASCADE,
    type            VARCHAR(20)              NOT NULL,
    status          VARCHAR(20)              NOT NULL,
    force_refresh   BOOLEAN                  NOT NULL,
    progress        INTEGER                  NOT NULL,
    total_pages     INTEGER                  NOT NULL,
    processed_pages INTEGER                  NOT NULL,
    attempts        INTEGER                  NOT NULL,
    result          TEXT,
    error_message   VARCHAR(4000),
    retry_of        UUID,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE,
    completed_at    TIMESTAMP WITH TIME ZONE,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_jobs_source_created ON jobs (source_id, created_at);
CREATE INDEX ix_jobs_status ON jobs (status);
