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
staff-accounts-intro = Accounts are added and removed on the command line: framaspace staff add, staff remove, staff role. The forum's moderation is given here: moderating applications does not give it.
staff-outbox-title = Sent and pending mail
staff-outbox-intro = What went, to whom and when; never the content, erased as soon as it is sent.
staff-outbox-empty = No mail yet.
staff-col-email = Address
staff-col-role = Role
staff-col-totp = Two-factor
staff-col-sessions = Open sessions
staff-col-created = Created
staff-col-forum = Moderates the forum
staff-forum-by-role = yes, by their role
staff-forum-give = Give the forum's moderation
staff-forum-take = Take the forum's moderation back
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

## Moderating applications
staff-queue-title = Space applications
staff-queue-intro = Confirmed applications, the oldest first. We promise an answer within 30 days: those past it are flagged.
staff-queue-filter-status = Status
staff-queue-filter-age = Age
staff-queue-filter-window = Registration wave
staff-queue-waiting = Waiting for the team
staff-queue-any = Any
staff-queue-older-than = For more than { $days } days
staff-queue-filter = Filter
staff-queue-empty = No application matches.
staff-queue-age = Waiting for
staff-queue-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
staff-queue-overdue = overdue
staff-queue-assigned = Taken by
staff-queue-next = Next applications
staff-queue-back = Back to the applications
staff-already-decided = Already handled by { $who } on { $when }: { $status }. Your decision was not taken.
staff-hints-title = Points to check
staff-hint-company = Some words suggest a company.
staff-hint-school = Some words suggest a school or a university.
staff-hint-public-body = Some words suggest a town hall or another public body.
staff-hint-large-organisation = Some words suggest a large organisation or a national federation.
staff-hint-needs-at-the-limit = The needs reach a space’s limits.
staff-hint-large-budget = The annual budget is over €50,000.
staff-duplicates-title = Possible duplicates
staff-duplicate-same-email = same e-mail address
staff-duplicate-same-identifier = same RNA or SIREN number
staff-duplicate-similar-name = similar name
staff-duplicate-same-address = address of the same family
staff-answers-title = Answers
staff-decide-title = Decide
staff-decide-approve = Approve and create the space
staff-decide-question = Question to ask
staff-decide-ask = Ask the question
staff-decide-reason = Reason for rejecting
staff-decide-note = Personal note (optional)
staff-decide-reject = Reject
staff-decide-waitlist = Put on the waiting list
staff-team-title = Followed by the team
staff-assigned-to = Taken by { $who }.
staff-assigned-nobody = Nobody has taken it.
staff-take = Take this application
staff-release = Leave this application
staff-note-label = Internal note (never shown to the applicant)
staff-note-add = Add the note
staff-history-title = History
staff-event-internal = (internal)
staff-event-submitted = application sent
staff-event-confirmed = address confirmed
staff-event-expired = expired without confirmation
staff-event-withdrawn = withdrawn
staff-event-answer = answer to the question
staff-event-approved = approved
staff-event-rejected = rejected
staff-event-waitlisted = put on the waiting list
staff-event-question = question asked
staff-event-assigned = taken
staff-event-unassigned = left
staff-event-note = note
colon = :

## Rejection reasons (admins)
templates-title = Rejection reasons
templates-intro = The reasons the team picks from when rejecting an application. The text is sent as it is to the applicant, in their language, followed by the moderator’s personal note. A retired reason is no longer offered; rejections already sent keep their words.
templates-updated = Last changed
templates-new-title = Add a reason
templates-edit-title = Change this reason
templates-new-instead = Add another reason instead
template-label = Reason
template-text = Text sent
template-state-offered = Offered
template-state-retired = Retired
reject-template-code = Short name
template-code-hint = For the command line, such as “company”: unaccented letters, digits and hyphens. Using an existing reason’s short name changes it.
reject-template-label_fr = Reason, in French
reject-template-text_fr = Text sent, in French
template-text-hint = One or two courteous sentences that explain without judging.
reject-template-label_en = Reason, in English
reject-template-text_en = Text sent, in English
reject-template-retired = Retire this reason
template-retired-hint = It will no longer be offered to moderators.
template-submit = Save the reason
template-submitting = Saving…

## Capacity and bulk approval
staff-capacity = Spaces given or promised: { $committed } of { $capacity }.
staff-bulk-select = Selection
staff-bulk-select-one = Select { $name }
staff-bulk-hint = Tick the applications to approve at once. If the selection exceeds the room left, none is approved.
staff-bulk-approve = Approve the selection
staff-bulk-done = { $count ->
    [0] No application approved.
    [one] One application approved: its space waits to be created.
   *[other] { $count } applications approved: their spaces wait to be created.
}
staff-bulk-skipped = { $count ->
    [one] One other had changed meanwhile: it was left as it was.
   *[other] { $count } others had changed meanwhile: they were left as they were.
}
staff-bulk-full = { $count ->
    [0] No room left: nothing was approved.
    [one] Only one space is left: nothing was approved. Select a single application.
   *[other] Only { $count } spaces are left: nothing was approved. Select { $count } at most.
}
staff-bulk-none = No application was ticked.
staff-capacity-reached = Capacity is reached: no space can be promised any more, and the application was not approved.

## Daily digest
staff-digest-title = Daily e-mail summary
staff-digest-on = Each day you receive an e-mail of overdue applications and newly confirmed ones (only when there are some).
staff-digest-off = You do not receive the daily summary of applications.
staff-digest-stop = Stop receiving it
staff-digest-start = Receive it every day

## Registration waves (admins)
windows-title = Registration waves
windows-intro = Applications are accepted only during a wave. The public pages say whether registrations are open and until when, or when they reopen. Two waves cannot overlap.
windows-none = No wave is planned.
windows-received = Applications received
windows-new-title = Plan a wave
window-opens = Opening
window-closes = Closing
window-time-hint = On the clock of Paris.
window-max_applications = Maximum number of applications (optional)
window-max_applications-hint = Leave empty for no limit other than the platform’s capacity.
window-note = Public note
window-note_fr = Public note, in French (optional)
window-note-hint = A sentence shown on the public pages during the wave.
window-note_en = Public note, in English (optional)
window-state-past = Over
window-state-open = Open
window-state-planned = Planned
window-submit = Plan this wave
window-submitting = Saving…

## Export and erasure (admins)
staff-privacy-title = Personal data
staff-privacy-text = When the person who wrote asks, you can give them everything we keep about this application, or erase it for good (the application, its history and its mails).
staff-export = Download the application’s data (JSON)
staff-erase-confirm = I confirm the final erasure of this application
staff-erase = Erase the application
staff-erase-confirm-needed = Tick the box to confirm the erasure: nothing was erased.
staff-erase-has-space = This application was approved and its space exists: close the space first. Nothing was erased.
staff-erased = The application was erased, with its history and its mails.

## What runs: spaces, hosts, jobs, alerts
spaces-title = Spaces
spaces-intro = Every space, newest first: its state, its server, its age. A space being prepared shows the steps done.
spaces-search = Address or name
spaces-none = No space matches.
spaces-host = Server
spaces-quota = Quota
spaces-referent = Referent
spaces-referent-erased = none (the application was erased)
spaces-referent-handed = (role handed over from the dashboard)
spaces-exports = Exports asked for by the referent
spaces-export-col-asked = Asked on
spaces-export-col-by = By
spaces-export-col-finished = Finished on
spaces-export-col-file = File (in this account’s files)
spaces-export-state-requested = Waiting
spaces-export-state-running = Under way
spaces-export-state-ready = Ready
spaces-export-state-failed = Failed after several tries
spaces-export-state-unavailable = Not possible on this host (host script without the “export” action)
space-export-again = Start the export again
spaces-address = Address
spaces-job = Preparation job
spaces-timeline = Preparation steps
spaces-timeline-empty = No step has run yet.
spaces-step = Step
spaces-outcome = Outcome
spaces-started = Started
spaces-duration = Took
spaces-said = What it saw or did
spaces-health = Health
spaces-usage = Usage
spaces-storage = Storage used
spaces-accounts = { $count ->
    [one] { $count } account
   *[other] { $count } accounts
}
spaces-accounts-of = { $count ->
    [one] { $count } account of { $allowed }
   *[other] { $count } accounts of { $allowed }
}
spaces-health-title = Health and usage
spaces-checked = Last check
spaces-version = Nextcloud version
spaces-last-login = A member's latest login
spaces-drift = Drift found (a job repairs it)
spaces-failed-sweeps = { $count ->
    [one] one failed check
   *[other] { $count } failed checks in a row
}
spaces-history = Health history, newest first
spaces-history-from = From
spaces-history-to = To
spaces-history-sweeps = Checks
health-none = not checked yet
health-ok = answers
health-unreachable = unreachable
health-not_installed = not installed
health-maintenance = in maintenance
health-error = failing
drift-apps = some apps are not as they should be
drift-app_password = the portal's app password is refused
drift-oauth_client = the portal's OAuth2 client is gone
size-gib = { $n } GiB
space-life-title = Suspend, change, delete
space-suspend-reason = Why the space is suspended, sent to the referent
space-suspend = Suspend the space
space-resume = Reopen the space
space-office-switch = Switch the office suite to { $office }
space-rename-label = New address of the space
space-rename-hint = The start of the address, in lower-case letters, digits and hyphens (3 to 40 characters). The former address will redirect to the new one, and the referent will be told.
space-rename = Change the address
space-delete = Ask for deletion (in 30 days)
space-delete-cancel = Cancel the deletion
space-deletion-pending = Deletion planned on { $date }: the referent got a link to cancel it.
space-change-busy = A change of the space is under way: the buttons come back when it is done.
space-done-suspend = The suspension is under way: the referent will be told.
space-done-resume = The reopening is under way: the referent will be told.
space-done-office = The change of office suite is under way.
space-done-rename = The change of address has begun: the former address will redirect to the new one, and the referent will be told.
space-done-delete = The deletion is asked: it happens in 30 days unless cancelled. The referent is told.
space-done-cancel-delete = The deletion is cancelled. The referent is told.
space-done-busy = Nothing changed: another change of the space is under way.
space-done-state = Nothing changed: the space's state does not allow it.
space-done-same-office = Nothing changed: the space already uses this suite.
space-done-no-deletion = Nothing changed: no deletion was planned.
space-done-pending = Nothing changed: a deletion is already planned.
space-done-export = The export is started again.
space-done-no-export = Nothing changed: no failed export to start again.
space-events = What was asked of this space
space-event-when = When
space-event-who = By
space-event-what = What
space-actor-referent = the referent
space-actor-system = the portal
space-actor-operator = the operator, on the command line
space-event-suspend = suspension
space-event-resume = reopening
space-event-office = office suite change
space-event-rename = change of address
space-event-delete-asked = deletion asked
space-event-delete-reminded = reminder sent to the referent
space-event-delete-cancelled = deletion cancelled
space-event-remove = deletion done
step-maintenance-on = maintenance mode on
step-maintenance-off = maintenance mode off
step-remove = removal from the host
step-rename = new address on the server, redirect from the former one
space-retry = Run the preparation again now
space-retry-done = The preparation runs again: this page will show the new steps.
space-retry-nothing = Nothing to run again: the space is ready, deleted, or being prepared.
space-state-waiting = waiting
space-state-provisioning = being prepared
space-state-active = active
space-state-suspended = suspended
space-state-failed = failed
space-state-deleted = deleted
step-outcome-done = done
step-outcome-already = already done
step-outcome-failed = failed, will be tried again
step-outcome-waiting = waiting
step-outcome-running = started, never finished
hosts-title = Servers
hosts-intro = The Nextcloud servers that hold the spaces, their room and their storage. A server “draining” keeps its spaces but gets no new ones.
hosts-summary = { $spaces } spaces placed; room for { $room } more on the active servers.
hosts-none = No server yet.
hosts-name = Name
hosts-version = Version
hosts-spaces = Spaces
hosts-storage = Storage reserved
hosts-parallel = Preparations at once
hosts-actions = Actions
hosts-spaces-of = Spaces of { $name }
hosts-storage-of = Storage of { $name }
hosts-state-active = active
hosts-state-draining = draining
hosts-drain = Drain { $name }
hosts-activate = Activate { $name }
hosts-add = Add a server
hosts-add-cli = It can also be added on the command line: framaspace hosts add (see the README).
host-new-title = Add a server
host-new-back = Back to the servers
host-new-intro = A Nextcloud server that will hold spaces. It is active once added: the next approved spaces may go there. First check that the portal can reach it and run its commands there.
host-new-taken = Servers already there:
host-name = Server name
host-name-hint = Its name on the network, in lower case, for example nc4.frama.space.
host-ocs_url = Address of the spaces
host-ocs_url-hint = Where each space answers, {"{"}slug{"}"} standing for its name: https://{"{"}slug{"}"}.frama.space.
host-version = Nextcloud version
host-version-hint = The major number, for example 35. The portal speaks to Nextcloud 28 and later.
host-occ = occ command
host-occ-hint = How the portal runs occ for one space, for example ssh -T nc4 sudo /usr/local/bin/framaspace-occ {"{"}slug{"}"}.
host-host_script = Server script
host-host_script-hint = The script that makes a space's folder, web site and database (docs/host/framaspace-host), for example ssh nc4 sudo framaspace-host {"{"}slug{"}"}.
host-database = Database server
host-database-hint = Its address as the Nextcloud server sees it, for example db4.internal.
host-spaces = Most spaces
host-spaces-hint = From 1 to 100,000.
host-storage = Total storage
host-storage-hint = What the server can set aside for spaces, for example 10 TB. Each space sets aside its quota.
host-parallel = Preparations at once
host-parallel-hint = How many spaces the portal prepares or changes at once on this server (1 to 64), however many processes it runs.
host-office_url = Office server address (optional)
host-office_url-hint = Collabora or OnlyOffice, for example https://office4.frama.space.
host-office_secret = Office server secret (optional)
host-office_secret-hint = The shared key (OnlyOffice's JWT or Collabora's WOPI). It is encrypted before it is stored and never shown again.
host-connect_to = Connection address (optional)
host-connect_to-hint = To reach the server at a given address and port whatever DNS says, for example 10.0.0.7:443.
host-arguments = The commands’ arguments
host-arguments-hint = How both commands receive what the portal adds to them (a space’s name, an association’s name…).
host-arguments-shell = Through a shell (ssh, or a script that calls it): each one is quoted. The usual choice.
host-arguments-direct = As they are, with no shell in between: only for a program run on this very machine.
host-code = Two-factor code
host-code-hint = These commands will run for every space on the server: type a new code from your app to confirm.
host-submit = Add this server
host-submitting = Adding…
jobs-title = Jobs
jobs-intro = The queue of background jobs: e-mails, space preparations, clean-ups. A job “given up” failed too many times: run it again once the cause is fixed.
jobs-none = No job in this state.
jobs-when = Due
jobs-attempts = attempts
jobs-retry = Run job { $id } again
jobs-cancel = Cancel job { $id }
jobs-changed = Done.
jobs-unchanged = Nothing changed: the job’s state did not allow it.
jobs-state-ready = waiting
jobs-state-running = running
jobs-state-done = done
jobs-state-dead = given up
jobs-state-cancelled = cancelled
alerts-title = Alerts
alerts-open = { $count ->
    [0] No open alert.
    [one] One open alert.
   *[other] { $count } open alerts.
}
alerts-none = No alert, open or recent.
alerts-state-open = open
alerts-state-closed = closed
alerts-times = Raised on { $raised }, last seen on { $seen }.
alert-fleet_full = No room left on the servers
alert-space_down = Space down
alert-too_many_accounts = Too many accounts in a space
alert-export_by_hand = Export to make by hand

spaces-connections = Connections with other spaces
spaces-connection-col-peer = Other space
spaces-connection-col-by = Proposed by
spaces-connection-ours = this space
spaces-connection-theirs = the other space
spaces-connection-state-asked = Proposed, unanswered
spaces-connection-state-declined = Declined
spaces-connection-state-linking = Under way (keys being exchanged)
spaces-connection-state-connected = Connected
spaces-connection-state-unlinking = Being undone
spaces-connection-state-unavailable = Impossible: one of the two Nextclouds does not offer trusted servers
spaces-connection-state-failed = Failed: the keys were not exchanged, or a server refused
