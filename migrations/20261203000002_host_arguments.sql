-- Whether the arguments a host's command templates get reach a shell (quoted: the default,
-- whatever the program's name) or the program as they are (`direct`: a local program, such
-- as the test and demo stand-ins). Hosts added before keep the safe default.
alter table hosts add column direct_arguments boolean not null default false;
