## Staff: login

staff-login-title = Team login
staff-login-intro = Enter your address: if it belongs to the site’s team, you will get a login link, valid for { $minutes } minutes and usable once.
staff-login-email = Your e-mail address
staff-login-submit = Send me a login link
staff-login-submitting = Sending…
staff-login-again = Ask for a new link
staff-link-sent-title = Check your mailbox
staff-link-sent-text = If this address belongs to the team, a login link has just been sent to it. It works once and expires soon.
staff-link-title = Log in
staff-link-text = One last click to open your session on this device.
staff-link-submit = Log me in
staff-link-invalid-title = This login link no longer works
staff-link-invalid-text = It was used already, or it expired. Ask for a new one.
staff-code-title = Verification code
staff-code-intro = Open your authenticator app and type the six-digit code it shows for this site. Without your phone, type one of your recovery codes.
staff-code-label = Code
staff-code-hint = Six digits, or a recovery code such as abcde-fghij
staff-code-submit = Verify
staff-enrol-title = Turn on two-factor authentication
staff-enrol-intro = Besides the link sent by mail, logging in will ask for a six-digit code given by an app on your phone.
staff-enrol-step-app = Install an authenticator app (for example Aegis, FreeOTP, or the one in your password manager).
staff-enrol-step-scan = In that app, add an account by scanning this QR code, or by typing the key below.
staff-enrol-qr-label = QR code of the authentication key
staff-enrol-key = Key:
staff-enrol-step-code = Type the code the app shows.
staff-enrol-hint = Six digits, with or without a space
staff-enrol-submit = Turn on
staff-recovery-title = Your recovery codes
staff-recovery-intro = Two-factor authentication is on. If you lose your phone, each of these codes replaces the app’s code once.
staff-recovery-once = Write them down or print them now, and keep them safe: they will never be shown again.
staff-recovery-continue = Go on to the team area
staff-logged-out-title = You are logged out
staff-logged-out-text = Your session is closed. To come back, ask for a new login link.

## Staff: area

staff-area-title = Team area
staff-area-who = Logged in as { $email } ({ $role }).
staff-area-since = Session opened on { $when }.
staff-area-sessions = { $count ->
    [one] One open session (this one).
   *[other] { $count } open sessions, this one included.
}
staff-area-security = Security
staff-area-totp-on = Two-factor authentication is on.
staff-area-totp-off = Two-factor authentication is off. It protects your account if someone gets into your mailbox.
staff-area-totp-start = Turn on two-factor authentication
staff-logout = Log out
staff-logout-everywhere = Log out everywhere
staff-area-admin = Administration
staff-role-moderator = moderator
staff-role-admin = administrator
staff-accounts-title = Team accounts
staff-accounts-intro = Accounts are added and removed on the command line: framaspace staff add, staff remove, staff role.
staff-outbox-title = Sent and pending mail
staff-outbox-intro = What went, to whom and when; never the content, erased as soon as it is sent.
staff-outbox-empty = No mail yet.
staff-col-email = Address
staff-col-role = Role
staff-col-totp = Two-factor
staff-col-sessions = Open sessions
staff-col-created = Created
staff-col-kind = Kind
staff-col-recipient = Recipient
staff-col-state = State
staff-col-attempts = Attempts
staff-col-error = Last error
staff-mail-pending = pending
staff-mail-sent = sent
staff-mail-failed = given up
yes = yes
no = no
footer-staff = Team area
errorpage-401-login = Log in

## Errors: staff

error-code-required = Type the code.
error-code-invalid = This code does not have the right form: six digits, or a recovery code such as abcde-fghij.
error-code-wrong = This code is not right. Check your phone’s clock, or wait for the next code.

## Mail: staff

mail-staff-login-subject = Your login link to { $site }
mail-staff-login-intro = Here is your link to log in to the { $site } team area:
mail-staff-login-action = Log me in
mail-staff-login-expiry = This link is valid for { $minutes } minutes and works once.
mail-staff-login-ignore = If you did not ask for anything, ignore this message: nobody can log in without this link.
