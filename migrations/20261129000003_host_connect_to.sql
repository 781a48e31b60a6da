-- Where to send a host's requests whatever DNS says (a host on a private network; the demo's
-- and the tests' stand-ins): an IP address and a port, as curl's --connect-to.
alter table hosts add column connect_to text
    check (connect_to ~ '^(\[[0-9a-fA-F:.]+\]|[0-9.]+):[0-9]{1,5}$');
