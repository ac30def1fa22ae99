-- 007 — Customer search: exact, prefix, word and typo paths that stay fast at a million customers.
-- Why (measured on PostgreSQL 15 with 300,000 synthetic customers, see src/customers/search-customers.ts):
-- a trigram match against the whole customer.search_text (006) costs 0.1-6 s per query, because
-- every row's text shares trigrams ("davis", "ca", "ub-", "example.com") and the GIN index must
-- union those huge posting lists. So the search runs in stages, each an index lookup that stops
-- at 20 rows:
-- 1. numbers read off a bill (account and customer numbers, phones, emails, APNs): btree ranges;
-- 2. names and street addresses that begin with what was typed: btree ranges;
-- 3. every typed word the start of some word of the search text: a full-text GIN index;
-- 4. typos: each typed word corrected against the distinct words of names (customer_name_word,
--    a short table with its own trigram index), then looked up as in 3.
-- The database collation is not C, so a btree serves LIKE 'UB-100%' and its ORDER BY only when the
-- indexed expression is in the C collation; these indexes are. The rest serve duplicate finding
-- (same TIN type and last four) and merges (who was merged into whom).

create index customer_number_prefix_idx on customer ((customer_number collate "C"));
create index customer_legal_name_prefix_idx on customer ((lower(legal_name) collate "C"))
  where status <> 'merged';
create index customer_dba_name_prefix_idx on customer ((lower(dba_name) collate "C"))
  where dba_name is not null and status <> 'merged';
create index customer_search_words_idx on customer using gin (to_tsvector('simple', search_text))
  where status <> 'merged';
create index customer_tin_last4_idx on customer (tin_type, tin_last4) where tin_last4 is not null;
create index customer_merged_into_idx on customer (merged_into_id) where merged_into_id is not null;

create index customer_contact_value_prefix_idx on customer_contact ((value collate "C"), kind)
  where is_active;
-- A phone number given without its area code (555-0101) is matched on its last seven digits.
create index customer_contact_phone_local_idx on customer_contact (right(value, 7))
  where is_active and kind = 'phone';
create index customer_address_line1_prefix_idx on customer_address ((lower(line1) collate "C"))
  where valid_to is null;
create index customer_address_zip_idx on customer_address (zip, lower(line1)) where valid_to is null;

create index receivable_account_number_prefix_idx on receivable_account ((account_number collate "C"));
create index parcel_apn_prefix_idx on parcel ((apn collate "C"));

create index customer_property_location_idx on customer_property (service_location_id)
  where service_location_id is not null;

-- The distinct words of customers' names, for correcting typos: a typed word is matched by
-- trigram similarity against this short list (thousands of rows, not a million), and the
-- corrections are then looked up in the full-text index. Filled by refreshCustomerSearch; a word
-- no longer used by any name stays (it only costs a row), so nothing here is ever deleted.
create table customer_name_word (
  word text primary key check (length(word) between 2 and 40)
);
create index customer_name_word_trgm_idx on customer_name_word using gin (word gin_trgm_ops);
