-- The bill run looks up, per metered agreement, the meter a new meter replaced during the period.
create index meter_installation_replaces_idx on meter_installation (meter_id) where replaces_meter_id is not null;
