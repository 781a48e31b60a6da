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
