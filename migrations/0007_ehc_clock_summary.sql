-- The clock's verdict on each case (src/ehc/clock.ts assessCase), kept beside the case so that a caseload sorts,
-- counts and pages in SQL and puts only the page shown against the clock. Putting every open case of an authority
-- against the clock on each request cost more than the page's whole budget at Birmingham scale (763 open cases).
--
-- The verdict is worked out in the application, never here. It holds for the day in clock_as_of: an open case's risk
-- moves with the calendar, so a verdict from another day is stale (a closed case's does not move). Any change to what
-- the clock reads (the case's dates and status, its advice requests, consultations and exceptions) makes it stale at
-- once, through the triggers below, and counts in clock_facts_version so that a verdict worked out from facts that
-- changed meanwhile is not saved over them (see saveClockVerdicts).
alter table ehc_case
  add column clock_risk text check (clock_risk in ('breached', 'overdue', 'at-risk', 'due-soon', 'on-track')),
  add column clock_next_due date,                        -- the step due soonest among those not yet done
  add column clock_exception_applies boolean,            -- an exception covers the 20 weeks
  add column clock_as_of date,                           -- the day the verdict is for; null: to be worked out
  add column clock_facts_version bigint not null default 0;

create function ehc_case_clock_facts_changed() returns trigger
language plpgsql as $$
begin
  -- The columns src/ehc/facts.ts clockFactsOf reads.
  if (new.status, new.request_received, new.decision_on, new.decision, new.issue_decision_on, new.issue_decision,
      new.draft_issued_on, new.final_issued_on, new.closed_on)
     is distinct from
     (old.status, old.request_received, old.decision_on, old.decision, old.issue_decision_on, old.issue_decision,
      old.draft_issued_on, old.final_issued_on, old.closed_on) then
    new.clock_facts_version := old.clock_facts_version + 1;
    new.clock_as_of := null;
  end if;
  return new;
end
$$;

create trigger ehc_case_clock_facts before update on ehc_case
  for each row execute function ehc_case_clock_facts_changed();

create function ehc_case_clock_inputs_changed() returns trigger
language plpgsql as $$
begin
  -- OLD is null on insert and NEW on delete; an update may move the row to another case.
  update ehc_case
     set clock_facts_version = clock_facts_version + 1, clock_as_of = null
   where id in (new.case_id, old.case_id);
  return null;
end
$$;

create trigger advice_request_clock after insert or delete or update of case_id, requested_on, received_on, cancelled_on
  on advice_request for each row execute function ehc_case_clock_inputs_changed();
create trigger ehc_consultation_clock after insert or delete or update of case_id, setting_id, sent_on, replied_on
  on ehc_consultation for each row execute function ehc_case_clock_inputs_changed();
create trigger ehc_exception_clock after insert or delete or update of case_id, reason, starts_on, ends_on
  on ehc_exception for each row execute function ehc_case_clock_inputs_changed();
