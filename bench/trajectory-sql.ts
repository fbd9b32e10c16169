// The trajectory rules of src/domain/trajectories.ts written a second time, in SQL for DuckDB: the
// reference the monitor benchmark (monitor-vs-duckdb.ts) compares its reach figures with, and that
// test/trajectory-sql.test.ts compares with the domain function on generated events.
// Per young person; reach needs no requests. Written for DuckDB as one would by hand: only the
// columns the rules need, window functions where the rules need order, arg_min aggregates where they
// pick one row per segment.
export const TRAJECTORY_SQL = `
create or replace table trajectory as
with ss as (
  select pseudonym, kind, status, start_date, end_date, reason, sent_on, municipality, provider, category,
    sender || '|' || identification || '|' || strftime(sent_on, '%Y-%m-%d') || '|' || position::varchar as message_key,
    case when coalesce(assignment_number, '') <> '' then 'A|' || municipality || '|' || assignment_number
         else 'T|' || pseudonym || '|' || provider || '|' || category end as gk
  from care_event where kind in ('start', 'stop')
),
starts_w as (select *, count(*) filter (where status = '3') over (partition by pseudonym, gk, start_date) as w from ss where kind = 'start'),
kept_starts as (select * from (select *, row_number() over (partition by pseudonym, gk, start_date order by sent_on, message_key) as rn from starts_w where status = '1') where rn > w),
stops_w as (select *, count(*) filter (where status = '3') over (partition by pseudonym, gk, start_date, end_date, reason) as w from ss where kind = 'stop'),
kept_stops as (select * from (select *, row_number() over (partition by pseudonym, gk, start_date, end_date, reason order by sent_on, message_key) as rn from stops_w where status = '1') where rn > w),
first_start as (select pseudonym, gk, start_date, arg_min(municipality, (sent_on, message_key)) as municipality, arg_min(provider, (sent_on, message_key)) as provider,
  arg_min(category, (sent_on, message_key)) as category from kept_starts group by pseudonym, gk, start_date),
seg_stop as (select * from (select *, row_number() over (partition by pseudonym, gk, start_date order by end_date desc, sent_on, message_key) as r from kept_stops) where r = 1),
stop_first as (select pseudonym, gk, start_date, arg_min(municipality, (end_date, sent_on, message_key)) as municipality, arg_min(provider, (end_date, sent_on, message_key)) as provider,
  arg_min(category, (end_date, sent_on, message_key)) as category from kept_stops group by pseudonym, gk, start_date),
segs as (
  select coalesce(f.pseudonym, sf.pseudonym) as pseudonym, coalesce(f.gk, sf.gk) as gk, coalesce(f.start_date, sf.start_date) as start_date,
    coalesce(f.municipality, sf.municipality) as municipality, coalesce(f.provider, sf.provider) as provider, coalesce(f.category, sf.category) as category,
    st.end_date as stop_end, st.reason as stop_reason
  from first_start f
  full join stop_first sf on sf.pseudonym = f.pseudonym and sf.gk = f.gk and sf.start_date = f.start_date
  left join seg_stop st on st.pseudonym = coalesce(f.pseudonym, sf.pseudonym) and st.gk = coalesce(f.gk, sf.gk) and st.start_date = coalesce(f.start_date, sf.start_date)
),
segs2 as (select *, lag(stop_end) over w as prev_end, lag(stop_reason) over w as prev_reason from segs window w as (partition by pseudonym, gk order by start_date)),
segs3 as (select *, sum(case when prev_end is not null and not (prev_reason = '20' and prev_end <= start_date) then 1 else 0 end)
  over (partition by pseudonym, gk order by start_date rows unbounded preceding) as tid from segs2),
segs4 as (select *, row_number() over (partition by pseudonym, gk, tid order by start_date) as rfirst, row_number() over (partition by pseudonym, gk, tid order by start_date desc) as rlast from segs3),
-- the latest decision per assignment (Toewijzingsdatum, then Dagtekening, then message key); one
-- that deleted it (RedenWijziging 13) leaves no assignment
latest_assignment as (
  select * from (select pseudonym, 'A|' || municipality || '|' || assignment_number as gk, municipality, provider, category, assignment_number,
    valid_from, valid_until, reason,
    row_number() over (partition by pseudonym, municipality, assignment_number order by assigned_on desc, sent_on desc,
      sender || '|' || identification || '|' || strftime(sent_on, '%Y-%m-%d') || '|' || position::varchar desc) as r
    from care_event where kind = 'assignment') where r = 1 and coalesce(reason, '') <> '13'
),
t as (
  select pseudonym, gk, tid, min(start_date) as start_date,
    max(case when rlast = 1 then stop_end end) as end_date, max(case when rlast = 1 then stop_reason end) as end_reason,
    max(case when rfirst = 1 then municipality end) as municipality, max(case when rfirst = 1 then provider end) as provider,
    max(case when rfirst = 1 then category end) as category
  from segs4 group by pseudonym, gk, tid
),
-- task-based care bounded by an assignment of the same young person, municipality, provider and
-- category valid on its first day (the one that took effect last, then the highest number)
covering as (
  select * from (
    select t.pseudonym, t.gk, t.tid, a.valid_until, a.reason,
      row_number() over (partition by t.pseudonym, t.gk, t.tid order by a.valid_from desc, length(a.assignment_number) desc, a.assignment_number desc) as r
    from t join latest_assignment a on a.pseudonym = t.pseudonym and a.municipality = t.municipality and a.provider = t.provider and a.category = t.category
      and a.valid_from <= t.start_date and (a.valid_until is null or a.valid_until >= t.start_date)
    where t.gk like 'T|%') where r = 1
),
bounded as (
  select t.*, a.category as assigned_category,
    case when t.gk like 'A|%' then a.valid_until else c.valid_until end as bound_until,
    case when t.gk like 'A|%' then a.reason else c.reason end as bound_reason
  from t
  left join latest_assignment a on a.pseudonym = t.pseudonym and a.gk = t.gk and t.gk like 'A|%'
  left join covering c on c.pseudonym = t.pseudonym and c.gk = t.gk and c.tid = t.tid
)
-- care ends with its stop, or earlier with its assignment (never before its first day); the reason
-- is then the one JZ002 links to the assignment's RedenWijziging
select pseudonym, gk, start_date,
  case when bound_until is not null and (end_date is null or bound_until < end_date) then greatest(bound_until, start_date) else end_date end as end_date,
  case when bound_until is not null and (end_date is null or bound_until < end_date)
    then case bound_reason when '02' then '02' when '03' then '36' when '05' then '36' when '06' then '39' when '07' then '35' when '08' then '36'
      when '09' then '38' when '10' then '36' when '11' then '36' when '12' then '37' else '' end
    else end_reason end as end_reason,
  municipality, coalesce(assigned_category, category) as category
from bounded`;
