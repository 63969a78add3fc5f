-- Other URLs of a source that serve the same content as a stored document (a printer-friendly copy, a page under a
-- session path): the crawler stores the content once and records each other URL here, shown as the document's
-- aliases. A URL is an alias of at most one document of its source; rows go with their document or source. A crawl
-- that reaches every page removes the aliases it did not confirm.
CREATE TABLE document_aliases (
    id          UUID                     NOT NULL PRIMARY KEY,
    source_id   UUID                     NOT NULL REFERENCES knowledge_sources (id) ON DELETE CASCADE,
    document_id UUID                     NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    url         VARCHAR(2048)            NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_document_aliases_source_url UNIQUE (source_id, url)
);
CREATE INDEX ix_document_aliases_document ON document_aliases (document_id);
