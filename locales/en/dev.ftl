## Sent mail (development)

devmail-title = Sent mail
devmail-intro = In development, mail is written to files instead of being sent. Here it is, newest first.
devmail-empty = No mail yet.
devmail-to = To:
devmail-date = Sent on:
