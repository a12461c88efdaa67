-- case_attributes: what the sources say about a case as a whole (XES trace attributes,
-- case:* columns). Grain: one row per case; a later load overwrites a case's attributes.
create table if not exists case_attributes (
    case_id              varchar not null primary key,
    case_type            varchar,      -- asiel, nareis, regulier, naturalisatie, ...
    route                varchar,      -- AA, VA, Dublin, veilig land, ...
    target_group         varchar,
    priority             varchar,
    complexity           varchar,
    received_at          timestamptz,  -- receipt: the legal term runs from here
    deadline_at          timestamptz,  -- legal term including extensions
    decided_at           timestamptz,
    outcome              varchar,
    notice_of_default_at timestamptz,  -- ingebrekestelling received
    attributes           json,         -- every other case attribute of the source, by name
    received_rule        varchar not null default 'first event', -- source of received_at: attribute name or 'first event'
    decided_rule         varchar not null default 'last event',  -- attribute name, 'closing activity: X' or 'last event'
    load_id              integer not null
);
