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
-- Nobody but a schema's owner gets in: no default rights on the database or on public.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
REVOKE ALL ON SCHEMA public FROM PUBLIC;
