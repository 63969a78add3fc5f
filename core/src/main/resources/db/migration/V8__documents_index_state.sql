-- Every document's source and index status, as the start-up check of the search index against the database and
-- GET /api/v1/index read them (DocumentRepository.indexStates), from this index alone instead of every page's row
-- with its text: at a million chunks (58,000 pages) scanning the rows took H2 about 10 s at each start.
CREATE INDEX ix_documents_index_state ON documents (source_id, index_status, id);
