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
