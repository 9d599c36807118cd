-- One service's database role and schema (psql variables: service, password, and prefix for
-- test runs that share a cluster). The role owns its schema, so its migrations run as itself;
-- it has no right on any other service's schema, nor on the public one. Safe to run again.
\set ON_ERROR_STOP on
\set role :prefix :service
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'role', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'role', :'password') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'role') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'service', :'role') \gexec
SELECT format('ALTER SCHEMA %I OWNER TO %I', :'service', :'role') \gexec
-- What is already in the schema (a database the service used to reach as the superuser) becomes
-- the role's: tables (their sequences, indexes and triggers follow), views, free sequences, functions.
SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, :'role')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'service' AND c.relkind IN ('r', 'p', 'v', 'f')
   AND pg_get_userbyid(c.relowner) <> :'role' \gexec
SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', n.nspname, c.relname, :'role')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'service' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> :'role'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')) \gexec
SELECT format('ALTER ROUTINE %I.%I(%s) OWNER TO %I', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), :'role')
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = :'service' AND pg_get_userbyid(p.proowner) <> :'role' \gexec
-- Nobody but a schema's owner gets in: no default rights on the database or on public.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
REVOKE ALL ON SCHEMA public FROM PUBLIC;
