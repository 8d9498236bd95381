-- purge-seed.sql for PostgreSQL (its date arithmetic is spelled differently):
-- thirty October days (2026-10-01 .. 10-30) of reports for every household of the
-- store (every third an anomaly: fever), their day statuses and the messages they
-- came from, all past a 30-day horizon in December. Read by test_retention.cpp
-- when the suite runs on PostgreSQL.
INSERT INTO reports(household_id, day, kind, categories, temperature, inbound_id, reporter,
                    by_leader, at)
SELECT h.id, to_char(DATE '2026-10-01' + d.n, 'YYYY-MM-DD'), CASE WHEN h.id % 3 = 0 THEN 2 ELSE 1 END,
       CASE WHEN h.id % 3 = 0 THEN '["fever"]' ELSE '[]' END, NULL, NULL, 'sandbox:u' || h.id, 0,
       CAST(EXTRACT(EPOCH FROM TIMESTAMP '2026-10-01') AS BIGINT) + d.n * 86400 + 3600
FROM generate_series(0, 29) AS d(n), households h ORDER BY d.n, h.id;
INSERT INTO day_status(day, household_id, status, categories, temperature, report_id, updated_at)
SELECT day, household_id, kind, categories, temperature, id, at FROM reports;
INSERT INTO inbound(key_hash, channel, message_id, group_id, sender_id, sender_name, text,
                    mentions, extra, sent_at, received_at, processed_at)
SELECT id, 'sandbox', 'm' || id, 'g', 'u' || household_id, '住户', '零报告 13800000000', '[]', '{}',
       at, at, at FROM reports;
