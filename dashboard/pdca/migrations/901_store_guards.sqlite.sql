-- Guards in the store itself, so that they hold for every client, from the first migration
-- on: the audit log is append-only, and a finalised conversation never changes. Each
-- trigger on one line (the migration runner splits at a semicolon ending a line). The
-- BEFORE INSERT triggers refuse INSERT OR REPLACE even on a connection without
-- recursive_triggers; the retention purge and a checked restore lift these guards inside
-- their own transaction only (dashboard.pdca.store.guards_lifted).
create trigger if not exists audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is alleen-toevoegen: wijzigen of verwijderen kan niet'); end;
create trigger if not exists audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is alleen-toevoegen: wijzigen of verwijderen kan niet'); end;
create trigger if not exists audit_log_no_replace before insert on audit_log when exists (select 1 from audit_log where entry_id = new.entry_id) begin select raise(abort, 'audit_log is alleen-toevoegen: wijzigen of verwijderen kan niet'); end;
create trigger if not exists conversations_final_no_update before update on conversations when old.status = 'definitief' begin select raise(abort, 'gesprek is definitief vastgelegd: wijzigen of verwijderen kan niet'); end;
create trigger if not exists conversations_final_no_delete before delete on conversations when old.status = 'definitief' begin select raise(abort, 'gesprek is definitief vastgelegd: wijzigen of verwijderen kan niet'); end;
create trigger if not exists conversations_final_no_replace before insert on conversations when exists (select 1 from conversations where conversation_id = new.conversation_id and status = 'definitief') begin select raise(abort, 'gesprek is definitief vastgelegd: wijzigen of verwijderen kan niet'); end;
