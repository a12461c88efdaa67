-- Guards in the store itself, so that they hold for every client, from the first migration
-- on: the audit log is append-only, and a finalised conversation never changes (INSERT ...
-- ON CONFLICT DO UPDATE fires the update trigger too). Each statement on one line (the
-- migration runner splits at a semicolon ending a line). The retention purge and a checked
-- restore lift these guards inside their own transaction only (store.guards_lifted).
create or replace function audit_log_refuse_change() returns trigger language plpgsql as $$ begin raise exception 'audit_log is alleen-toevoegen: wijzigen of verwijderen kan niet'; end $$;
create or replace trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_refuse_change();
create or replace trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_refuse_change();
create or replace function conversations_refuse_final_change() returns trigger language plpgsql as $$ begin if old.status = 'definitief' then raise exception 'gesprek is definitief vastgelegd: wijzigen of verwijderen kan niet'; end if; if tg_op = 'DELETE' then return old; end if; return new; end $$;
create or replace trigger conversations_final_unchanged before update or delete on conversations for each row execute function conversations_refuse_final_change();
create or replace function conversations_refuse_truncate() returns trigger language plpgsql as $$ begin if exists (select 1 from conversations where status = 'definitief') then raise exception 'gesprek is definitief vastgelegd: wijzigen of verwijderen kan niet'; end if; return null; end $$;
create or replace trigger conversations_no_truncate before truncate on conversations for each statement execute function conversations_refuse_truncate();
