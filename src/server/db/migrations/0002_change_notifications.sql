-- Change notifications for the read cache (docs/performance/read-cache-home.md).
--
-- Every API process keeps computed answers (home screen, violation list, sessions) in memory
-- and LISTENs on channel `jg_changes`; these triggers tell it which answers a committed
-- write may have changed. Payload: distinct tags separated by single spaces, each
-- `account:<accounts.id>`, `person:<registry person id>`, `plate:<plate as stored>` or
-- `session:<sessions.id>`; `*` means "anything may have changed".
--
-- The triggers are statement-level with transition tables, one per event (PostgreSQL allows
-- transition tables only on single-event triggers), so an import's COPY of 2 000 rows costs
-- one notification, not 2 000. NOTIFY is transactional: it is delivered at commit, never for
-- a rolled-back write, and equal payloads of one transaction are sent once.
--
-- Which tables and why (the readers are features/home, features/violations and what they call):
--   accounts                    account:id           (status: deletion, activation)
--   messages                    account:             (unread count)
--   licence_filings             account:, person:    (archive-number binding)
--   vehicle_filings             account:, plate:     (filed vehicles; the filer's records)
--   violation_decisions         account:, person:, plate:  (online handling; points)
--   violation_objections        account:, plate: of the record (by ref, looked up: objections are
--                               written a few times a day, and every viewer of the record sees
--                               "objection pending", not only the objector)
--   violation_withdrawals       plate: of the record (by ref, looked up, as above)
--   fine_payments               by decision_no, looked up in violation_decisions (account:,
--                               person:, plate:) and registry_violations (plate:, the driver's
--                               person:) — one row per payment, two index probes
--   registry_persons            person:id on UPDATE/DELETE; an INSERT alone is invisible (a
--                               person is found only through a document)
--   registry_person_documents   INSERT → `*`: an account whose document was not in the registry
--                               has cached "no licence, no vehicles" under account: only, and the
--                               account's document hash (`doc:` key) is not the registry's, so the
--                               database cannot say which account gained a person. Documents are
--                               only inserted by imports. UPDATE/DELETE → person:
--   registry_licences           person:
--   registry_vehicles           person: (owner), plate:
--   registry_rentals            person: (renter), plate:
--   registry_violations         plate:, person: of the driver (driver_doc_hash looked up in
--                               registry_person_documents, only for rows naming a driver)
--   sessions                    session:id on UPDATE/DELETE (a new session is cached by nobody)
-- Not triggered: tables no cached answer reads (jobs, rate_limit_hits, audit_log, sms_outbox,
-- sms_codes, app_meta, payments and its idempotency keys/events/receipt counters, sandbox
-- trades, violation notices/scans/counters/idempotency keys, reviews, staff, e-licence
-- tables, gesture credentials, registry_import_pending).
--
-- A statement touching more than 300 rows sends `*` without looking at them: 7 000 bytes hold
-- about 160 person tags or 350 plate tags, so the tags of more rows would rarely fit anyway,
-- and a bulk import then pays for one bounded probe of its transition table instead of joins
-- and de-duplication (measured: 5 µs of database CPU per imported line when every statement
-- was small enough to be tagged, none with `*`). Only imports write that many rows at once; an
-- import invalidating every cached answer is the price of keeping it cheap. TRUNCATE sends `*`.

-- Sends one notification with the distinct tags of the rows a statement changed. TG_ARGV[0]
-- is a query with `{rows}` where the transition table's name goes, returning one text column
-- of tags (nulls ignored); `*` instead says "anything" without looking. The query runs by
-- EXECUTE inside this function because transition tables are visible only to the trigger
-- function's own statements, not to functions it calls.
CREATE FUNCTION jg_notify_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  tags text[] := '{}';
  part text[];
  payload text;
BEGIN
  IF TG_OP = 'TRUNCATE' OR TG_ARGV[0] = '*' THEN
    PERFORM pg_notify('jg_changes', '*');
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF EXISTS (SELECT 1 FROM new_rows OFFSET 300) THEN
      PERFORM pg_notify('jg_changes', '*');
      RETURN NULL;
    END IF;
    EXECUTE 'SELECT coalesce(array_agg(t), ''{}'') FROM (' || replace(TG_ARGV[0], '{rows}', 'new_rows') || ') q(t) WHERE t IS NOT NULL' INTO part;
    tags := tags || part;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF EXISTS (SELECT 1 FROM old_rows OFFSET 300) THEN
      PERFORM pg_notify('jg_changes', '*');
      RETURN NULL;
    END IF;
    -- An UPDATE can move a row away from an owner (a vehicle sold, a filing ended): the old tags count too.
    EXECUTE 'SELECT coalesce(array_agg(t), ''{}'') FROM (' || replace(TG_ARGV[0], '{rows}', 'old_rows') || ') q(t) WHERE t IS NOT NULL' INTO part;
    tags := tags || part;
  END IF;
  -- Statement triggers fire for statements that changed nothing: those say nothing.
  IF cardinality(tags) = 0 THEN
    RETURN NULL;
  END IF;
  SELECT string_agg(DISTINCT t, ' ') INTO payload FROM unnest(tags) t;
  IF octet_length(payload) > 7000 THEN
    payload := '*';
  END IF;
  PERFORM pg_notify('jg_changes', payload);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON accounts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''account:'' || id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON accounts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''account:'' || id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON accounts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''account:'' || id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON accounts FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''account:'' || account_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON messages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''account:'' || account_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON messages REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''account:'' || account_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON messages FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON licence_filings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''person:'' || person_id]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON licence_filings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''person:'' || person_id]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON licence_filings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''person:'' || person_id]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON licence_filings FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON vehicle_filings REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON vehicle_filings REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON vehicle_filings REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON vehicle_filings FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON violation_decisions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON violation_decisions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON violation_decisions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || account_id, ''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON violation_decisions FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON violation_objections REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || r.account_id, ''plate:'' || v.plate]) FROM {rows} r LEFT JOIN registry_violations v ON v.ref = r.ref');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON violation_objections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || r.account_id, ''plate:'' || v.plate]) FROM {rows} r LEFT JOIN registry_violations v ON v.ref = r.ref');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON violation_objections REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || r.account_id, ''plate:'' || v.plate]) FROM {rows} r LEFT JOIN registry_violations v ON v.ref = r.ref');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON violation_objections FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON violation_withdrawals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''plate:'' || v.plate FROM {rows} r JOIN registry_violations v ON v.ref = r.ref');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON violation_withdrawals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''plate:'' || v.plate FROM {rows} r JOIN registry_violations v ON v.ref = r.ref');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON violation_withdrawals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''plate:'' || v.plate FROM {rows} r JOIN registry_violations v ON v.ref = r.ref');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON violation_withdrawals FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON fine_payments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || d.account_id, ''person:'' || d.person_id, ''plate:'' || d.plate, ''plate:'' || v.plate, ''person:'' || p.person_id]) FROM {rows} r LEFT JOIN violation_decisions d ON d.decision_no = r.decision_no LEFT JOIN registry_violations v ON v.decision_no = r.decision_no LEFT JOIN registry_person_documents p ON p.doc_hash = v.driver_doc_hash');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON fine_payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || d.account_id, ''person:'' || d.person_id, ''plate:'' || d.plate, ''plate:'' || v.plate, ''person:'' || p.person_id]) FROM {rows} r LEFT JOIN violation_decisions d ON d.decision_no = r.decision_no LEFT JOIN registry_violations v ON v.decision_no = r.decision_no LEFT JOIN registry_person_documents p ON p.doc_hash = v.driver_doc_hash');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON fine_payments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''account:'' || d.account_id, ''person:'' || d.person_id, ''plate:'' || d.plate, ''plate:'' || v.plate, ''person:'' || p.person_id]) FROM {rows} r LEFT JOIN violation_decisions d ON d.decision_no = r.decision_no LEFT JOIN registry_violations v ON v.decision_no = r.decision_no LEFT JOIN registry_person_documents p ON p.doc_hash = v.driver_doc_hash');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON fine_payments FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON registry_persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''person:'' || id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON registry_persons REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''person:'' || id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON registry_persons FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON registry_person_documents FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('*');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON registry_person_documents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''person:'' || person_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON registry_person_documents REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''person:'' || person_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON registry_person_documents FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON registry_licences REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''person:'' || person_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON registry_licences REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''person:'' || person_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON registry_licences REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''person:'' || person_id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON registry_licences FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON registry_vehicles REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON registry_vehicles REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON registry_vehicles REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON registry_vehicles FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON registry_rentals REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON registry_rentals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON registry_rentals REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''person:'' || person_id, ''plate:'' || plate]) FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON registry_rentals FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_ins AFTER INSERT ON registry_violations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''plate:'' || r.plate, ''person:'' || p.person_id]) FROM {rows} r LEFT JOIN registry_person_documents p ON r.driver_doc_hash IS NOT NULL AND p.doc_hash = r.driver_doc_hash');
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON registry_violations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''plate:'' || r.plate, ''person:'' || p.person_id]) FROM {rows} r LEFT JOIN registry_person_documents p ON r.driver_doc_hash IS NOT NULL AND p.doc_hash = r.driver_doc_hash');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON registry_violations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT unnest(array[''plate:'' || r.plate, ''person:'' || p.person_id]) FROM {rows} r LEFT JOIN registry_person_documents p ON r.driver_doc_hash IS NOT NULL AND p.doc_hash = r.driver_doc_hash');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON registry_violations FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
--> statement-breakpoint
CREATE TRIGGER jg_changes_upd AFTER UPDATE ON sessions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''session:'' || id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_del AFTER DELETE ON sessions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes('SELECT ''session:'' || id FROM {rows}');
--> statement-breakpoint
CREATE TRIGGER jg_changes_trunc AFTER TRUNCATE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION jg_notify_changes();
