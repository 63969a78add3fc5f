-- The Markdown twin an HTML page's text was read from (<link rel="alternate" type="text/markdown">) and the twin's
-- validators: when the HTML page answers 304 to an incremental crawl, the twin is asked again (a conditional GET)
-- because the stored text is the twin's. NULL: the text is the page's own, or the page was stored before this column:
-- such pages read from a twin (stored as text/markdown) lose their validators here, so that the next crawl fetches them
-- in full once and records their twin.
ALTER TABLE documents ADD COLUMN twin_url VARCHAR(2048);
ALTER TABLE documents ADD COLUMN twin_etag VARCHAR(500);
ALTER TABLE documents ADD COLUMN twin_last_modified VARCHAR(100);
UPDATE documents SET etag = NULL, last_modified = NULL WHERE content_type = 'text/markdown';
