-- The Markdown form of a page, served by GET /api/v1/documents/{id} as text/markdown. Kept apart from content
-- (the text that is chunked, embedded and keyword-indexed) so a richer Markdown rendering of HTML pages
-- (lists, tables, links, inline code, code languages) changes nothing in search. NULL: content is the Markdown
-- (Markdown and plain-text pages, and pages stored before this column existed).
ALTER TABLE documents ADD COLUMN markdown TEXT;
