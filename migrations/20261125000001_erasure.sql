-- Erased means erased: a mail's subject and bodies (which may hold links with tokens) are
-- kept only until it is sent, or for a short while after it was given up; then only the
-- metadata stays (recipient, kind, dates, attempts). `kind` says what a mail was for, so
-- that erasing an address can find its mails and staff can read the outbox without bodies.
alter table mail_outbox add column kind text not null default 'other';
alter table mail_outbox alter column subject drop not null;
alter table mail_outbox alter column body_text drop not null;
alter table mail_outbox alter column body_html drop not null;
alter table mail_outbox add column body_erased_at timestamptz;
create index mail_outbox_recipient on mail_outbox (recipient);

update mail_outbox
set subject = null, body_text = null, body_html = null, list_unsubscribe = null,
    body_erased_at = now()
where sent_at is not null;
