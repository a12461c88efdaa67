-- Team and location on conversations and agreements, as they were when recorded, so the
-- overview of open actions per team and location needs no warehouse (people change teams).
alter table conversations add column team_id text;
alter table conversations add column location_id text;
alter table agreements add column team_id text;
alter table agreements add column location_id text;
create index agreements_by_team on agreements (team_id);
create index agreements_by_location on agreements (location_id);
