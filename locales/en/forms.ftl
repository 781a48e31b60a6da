## Forms and their errors

form-error-summary = { $count ->
    [one] One error prevents the form from being sent:
   *[other] { $count } errors prevent the form from being sent:
}
form-error-prefix = Error:
error-email-required = Enter your e-mail address.
error-email-invalid = This address does not look valid: it should look like name@example.org.
error-email-too-long = This address is too long (254 characters at most).
error-rate-limited = Too many attempts from your connection. Please try again in an hour.
error-server = A problem on our side kept the form from being sent. Please try again in a moment: what you typed has been kept.

## A space's address, SIREN, RNA
error-slug-required = Enter the address you would like for your space.
error-slug-too-short = This address is too short: at least 3 characters.
error-slug-too-long = This address is too long: at most 40 characters.
error-slug-characters = Use only unaccented letters (a to z), digits and hyphens.
error-slug-hyphens = A hyphen cannot come first, last, or twice in a row.
error-slug-reserved = This address is reserved: please choose another.
error-siren-required = Enter your organisation’s SIREN number.
error-siren-invalid = A SIREN number has 9 digits.
error-siren-checksum = This SIREN number does not look right: check the digits.
error-rna-required = Enter your association’s RNA number.
error-rna-invalid = An RNA number starts with W, followed by 9 digits (for example W751234567).

## Applying for a space
error-required = This field is required: please fill it in.
error-choice-required = Choose one of the answers offered.
error-control-characters = This text holds an invisible or control character (a line break, for instance): please remove it.
error-line-too-long = This answer is too long: at most { $line_max } characters.
error-text-too-long = This text is too long: at most { $text_max } characters.
error-number-required = Enter a number.
error-number-invalid = Enter a whole number, in digits (for instance 12).
error-members-range = Enter a number of members between 1 and { $members_max }.
error-accounts-range = A space has at most { $max_accounts } accounts: enter a number between 1 and { $max_accounts }.
error-storage-range = A space has at most { $quota } GB: enter a number between 1 and { $quota }.
error-identifier-required = Enter your organisation’s registration number (RNA or SIREN, or the court register in Alsace-Moselle).
error-identifier-invalid = This number looks neither like an RNA number (W and 9 digits) nor like a SIREN (9 digits).
error-field-detail-required = Say in a few words what your field of action is.
error-terms-required = To send your application, accept the terms of use.
error-slug-taken = This address is already taken or asked for: please choose another.
error-slug-unchanged = This is the space’s address already: please choose another.
error-short-name-invalid = Use only unaccented letters (a to z), digits and single hyphens, 40 characters at most; no hyphen first or last.
error-date-time-invalid = Give a date and a time, such as 2026-12-01 09:00.
error-closes-before-opening = The closing must come after the opening.
error-window-overlaps = This wave overlaps one already planned: choose other dates.
error-registrations-closed = Registrations are closed at the moment: your application was not recorded.
error-capacity-reached = Every available space has been given: your application was not recorded.
error-host-name-invalid = A host name is lower-case letters, digits, hyphens and dots, like nc1.frama.space.
error-host-exists = A host has this name already: please choose another.
error-template-invalid = A command is one line of at most 1,000 characters, its quotes closed.
error-template-slug = The command must contain {"{"}slug{"}"}: a host holds many spaces.
error-ocs-url-invalid = Write the spaces’ address like https://{"{"}slug{"}"}.frama.space.
error-version-range = The portal speaks to Nextcloud 28 and later.
error-database-invalid = The database server’s address has no spaces and at most 255 characters.
error-web-address-invalid = Write an address that begins with https:// (or http://), without spaces.
error-host-spaces-range = A host holds from 1 to 100,000 spaces.
error-parallel-range = Choose from 1 to 64 tasks at once.
error-size-invalid = Write a size like 40 TB or 500 GB.
error-socket-address-invalid = Write an address and a port like 10.0.0.7:443.
error-pseudonym-length = A pseudonym has 2 to 30 characters.
error-pseudonym-characters = A pseudonym starts with a letter or a digit, and holds only letters, digits and . - _ (no space, no @).
error-pseudonym-reserved = This pseudonym is reserved: it could pass for the team. Choose another.
error-pseudonym-taken = This pseudonym is taken. Choose another.
error-title-too-short = A title of at least 8 characters helps others find your question.
error-category-staff-only = Only the team opens topics in this category. Choose another.
error-topic-locked = This topic is closed: it takes no more replies.
error-posting-too-fast = You wrote a lot in a short time. Wait a few minutes; your message is kept.
error-sanctioned = A moderator has suspended your right to write: the reason and the date are at the top of the page. Your text is kept.
error-new-account-daily = A new account writes at most 10 messages a day in its first week. Come back tomorrow: your text is kept.
error-new-account-links = Links and images are allowed after your first day on the forum. Write the address as plain text.
error-date-invalid = Type a date such as 2027-01-31.
error-sanction-end-range = Choose a day from today to two years ahead.
error-merge-target = Give the address or the number of another visible topic of the forum, such as /forum/t/comment-partager-un-agenda/123 or 123.
error-merge-newer = That topic is newer than this one: this one is the one to keep. Merge the other topic into this one instead, from its page.
error-space-unknown = No space has this address: check it in your space’s welcome message.
error-space-removed = The space at this address was removed.
error-space-not-ready = This space is not ready yet: you will get an e-mail when it is.
error-account-delete-confirm = Tick the box to confirm your account’s deletion.
