-- What the clock reads of a case's advice requests, consultations and exceptions makes its verdict stale (0007). A row
-- trigger updated the case once for every row inserted or deleted: the seed inserts these rows by the thousand in a
-- statement, and each statement then rewrote its cases row by row (the Birmingham seed took 38.6 s against 5.9 s
-- before the EHC rows; the England seed's advice inserts ran for minutes). Inserts and deletes now update each case
-- named once per statement, from the statement's transition table. Updates keep their row trigger: a transition table
-- cannot go with the list of columns that makes only a change the clock reads count.
drop trigger advice_request_clock on advice_request;
drop trigger ehc_consultation_clock on ehc_consultation;
drop trigger ehc_exception_clock on ehc_exception;

create function ehc_case_clock_inputs_changed_by_statement() returns trigger
language plpgsql as $$
begin
  update ehc_case
     set clock_facts_version = clock_facts_version + 1, clock_as_of = null
   where id in (select distinct case_id from changed_rows);
  return null;
end
$$;

create trigger advice_request_clock_insert after insert on advice_request
  referencing new table as changed_rows for each statement execute function ehc_case_clock_inputs_changed_by_statement();
create trigger advice_request_clock_delete after delete on advice_request
  referencing old table as changed_rows for each statement execute function ehc_case_clock_inputs_changed_by_statement();
create trigger advice_request_clock_update after update of case_id, requested_on, received_on, cancelled_on
  on advice_request for each row execute function ehc_case_clock_inputs_changed();

create trigger ehc_consultation_clock_insert after insert on ehc_consultation
  referencing new table as changed_rows for each statement execute function ehc_case_clock_inputs_changed_by_statement();
create trigger ehc_consultation_clock_delete after delete on ehc_consultation
  referencing old table as changed_rows for each statement execute function ehc_case_clock_inputs_changed_by_statement();
create trigger ehc_consultation_clock_update after update of case_id, setting_id, sent_on, replied_on
  on ehc_consultation for each row execute function ehc_case_clock_inputs_changed();

create trigger ehc_exception_clock_insert after insert on ehc_exception
  referencing new table as changed_rows for each statement execute function ehc_case_clock_inputs_changed_by_statement();
create trigger ehc_exception_clock_delete after delete on ehc_exception
  referencing old table as changed_rows for each statement execute function ehc_case_clock_inputs_changed_by_statement();
create trigger ehc_exception_clock_update after update of case_id, reason, starts_on, ends_on
  on ehc_exception for each row execute function ehc_case_clock_inputs_changed();
