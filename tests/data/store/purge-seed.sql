-- Thirty October days (2026-10-01 .. 10-30) of reports for every household of the
-- store (every third an anomaly: fever), their day statuses and the messages they
-- came from, all past a 30-day horizon in December. Read by test_retention.cpp
-- and bench/purge.sh. Plain SQL that SQLite and PostgreSQL both run.
WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < 29)
INSERT INTO reports(household_id, day, kind, categories, temperature, inbound_id, reporter,
                    by_leader, at)
SELECT h.id, '2026-10-' || CASE WHEN d.n < 9 THEN '0' ELSE '' END || (d.n + 1),
       CASE WHEN h.id % 3 = 0 THEN 2 ELSE 1 END,
       CASE WHEN h.id % 3 = 0 THEN '["fever"]' ELSE '[]' END, NULL, NULL, 'sandbox:u' || h.id, 0,
       1790812800 + d.n * 86400 + 3600  -- 2026-10-01T01:00:00Z + n days
FROM d, households h ORDER BY d.n, h.id;
INSERT INTO day_status(day, household_id, status, categories, temperature, report_id, updated_at)
SELECT day, household_id, kind, categories, temperature, id, at FROM reports;
INSERT INTO inbound(key_hash, channel, message_id, group_id, sender_id, sender_name, text,
                    mentions, extra, sent_at, received_at, processed_at)
SELECT id, 'sandbox', 'm' || id, 'g', 'u' || household_id, '住户', '零报告 13800000000', '[]', '{}',
       at, at, at FROM reports;
