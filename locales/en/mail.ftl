## Mail: what every mail shares

mail-greeting = Hello,
mail-signature = The { $site } team
mail-unsubscribe = Unsubscribe
mail-unsubscribe-text = To stop receiving our messages: { $url }

## Applying for a space
mail-application-confirm-subject = Confirm your { $site } application
mail-application-confirm-intro = You applied for a { $site } space for “{ $name }”, at { $address }. For the team to review it, please confirm your e-mail address:
mail-application-confirm-action = Confirm my application
mail-application-confirm-expiry = Without confirmation within { $hours } hours, the application is dropped and the space’s address is free again.
mail-application-status-link = To follow your application, keep this personal link (do not share it): { $url }
mail-application-confirm-ignore = If you did not apply, ignore this message: nothing will be done.
mail-application-link-subject = The link to follow your { $site } application
mail-application-link-intro = Here is a new link to follow the space application of “{ $name }”. Links sent before no longer work.
mail-application-link-action = Follow my application
mail-application-link-ignore = If you did not ask for this, ignore this message.

## Decisions on an application
mail-application-approved-subject = Your { $site } space is approved
mail-application-approved-intro = Good news: the application of “{ $name }” is approved. Your space { $address } is being prepared; you will get an e-mail as soon as it is ready.
mail-application-rejected-subject = Your { $site } space application
mail-application-rejected-intro = Having reviewed it, we cannot open a space for “{ $name }”. Here is why:
mail-application-waitlisted-subject = Your { $site } space application: waiting list
mail-application-waitlisted-intro = The application of “{ $name }” is on the waiting list: we will review it in the next wave.
mail-application-question-subject = A question about your { $site } space application
mail-application-question-intro = To review the application of “{ $name }”, the team needs to know a little more:
mail-application-decision-status = You can answer and follow your application with the link you received when you applied (or ask for a new one on the site).

## The daily moderation digest (staff)
mail-digest-subject = { $site }: { $overdue } overdue, { $fresh } new applications
mail-digest-intro = Here is the daily summary of applications for a { $site } space.
mail-digest-overdue = { $count ->
    [0] No application has waited longer than promised.
    [one] One application has waited longer than promised:
   *[other] { $count } applications have waited longer than promised:
}
mail-digest-fresh = { $count ->
    [0] No application confirmed since yesterday.
    [one] One application confirmed since yesterday:
   *[other] { $count } applications confirmed since yesterday:
}
mail-digest-days = { $count ->
    [0] confirmed today
    [one] { $count } day
   *[other] { $count } days
}
mail-digest-more = … and { $count } more, in the queue.
mail-digest-action = Open the queue of applications
mail-digest-opt-out = You receive this summary because you moderate applications. You can stop it from your staff area: { $url }

## The space is ready (to the referent)
mail-space-ready-subject = The space of “{ $name }” is ready
mail-space-ready-intro = Good news: the space of “{ $name }” is ready, at { $address }.
mail-space-ready-login = Your login is “{ $login }”. Nextcloud has just sent you another e-mail with a link to choose your password: open it first.
mail-space-ready-steps = To get started: choose your password, add the members of your group (up to 50 accounts), then create a first shared calendar or a first common folder.
mail-space-ready-action = Open your space
mail-space-ready-help = A question? Answers to common questions: { $help }
mail-space-ready-dashboard = Your space’s dashboard, to follow what it uses and welcome your members to it: { $dashboard }

## Alerts, batched (to administrators)
mail-alerts-subject = { $count ->
    [one] Alert: { $kind }
   *[other] { $count } alerts: { $kind }
}
mail-alerts-intro = { $count ->
    [one] A new “{ $kind }” alert is open:
   *[other] { $count } new “{ $kind }” alerts are open:
}
mail-alerts-line = { $subject }: { $message }
mail-alerts-more = … and { $count } more, on the alerts page.
mail-alerts-action = See the alerts
mail-alerts-batched = Alerts of one kind are batched: one e-mail an hour at most. The next ones wait for the next e-mail.

## A space's later life (to the referent)
mail-space-suspended-subject = The space of “{ $name }” is suspended
mail-space-suspended-body = The space of “{ $name }” ({ $address }) is suspended: nobody can log in to it for now, and nothing in it is erased. The reason the team gave: { $reason }
mail-space-resumed-subject = The space of “{ $name }” is open again
mail-space-resumed-body = The space of “{ $name }” ({ $address }) is open again: you and your members can log in as before.
mail-space-deletion-subject = The space of “{ $name }” will be deleted on { $date }
mail-space-deletion-body = The deletion of the space of “{ $name }” ({ $address }) was asked. It will be deleted on { $date }, with all its files, calendars and contacts: until then, save what you want to keep. If you do not want it deleted, cancel with the button below.
mail-space-deletion-action = Cancel the deletion
mail-space-deletion-reminder-subject = Reminder: the space of “{ $name }” will be deleted on { $date }
mail-space-deletion-reminder-body = The space of “{ $name }” ({ $address }) will be deleted on { $date }, with all its files, calendars and contacts. Save now what you want to keep. You can still cancel the deletion with the button below.
mail-space-deletion-cancelled-subject = The deletion of the space of “{ $name }” is cancelled
mail-space-deletion-cancelled-body = The deletion of the space of “{ $name }” ({ $address }), planned on { $date }, is cancelled: the space stays as it is.
mail-space-removed-subject = The space of “{ $name }” is deleted
mail-space-removed-body = The space of “{ $name }” ({ $address }) is deleted, with its files, its database and its accounts. Thank you for using Frama.space.
mail-space-renamed-subject = The space of “{ $name }” has a new address
mail-space-renamed-body = The space of “{ $name }” is now at { $address }. Its former address, { $former }, still leads there: your links and apps keep working, but please update them with the new one.
mail-space-lifecycle-help = A question? Answers to common questions: { $help }

mail-referent-login-subject = Your login link to the dashboard of { $space }
mail-referent-login-intro = Here is your link to open the dashboard of your space { $space }:
mail-referent-login-action = Open my dashboard
mail-referent-login-expiry = This link is valid for { $minutes } minutes and works once.
mail-referent-login-ignore = If you did not ask for anything, ignore this message: nobody can log in without this link.
mail-join-subject = Confirm your address to join the space of { $space }
mail-join-intro = Hello { $name }, you asked for an account in the space of { $space } ({ $address }). Open this link to confirm your address: a page will ask you to confirm, then your account will be made.
mail-join-action = Confirm my address
mail-join-expiry = This link works for 24 hours.
mail-join-ignore = If you asked for nothing, ignore this message: no account will be made.

mail-handover-subject = You are offered the role of referent of { $space }
mail-handover-intro = Hello { $name }, { $from } offers you to become the referent of the space { $space }.
mail-handover-what = The referent is the person the team contacts about this space: the e-mails about its life (suspension, deletion) will go to you, and you will be able to log in to its dashboard. You will also become an administrator of the space in Nextcloud.
mail-handover-action = See the offer
mail-handover-expiry = This link works for { $days } days. The page it opens will ask you to confirm.
mail-handover-ignore = If you do not want this role, ignore this message: nothing will change.
mail-handed-subject = The role of referent of { $space } was handed over
mail-handed-intro = Hello { $former }, on { $date } { $name } accepted the role of referent of the space { $space } that you offered them. The e-mails about the space’s life will go to them from now on.
mail-handed-admin = You remain an administrator of the space in Nextcloud. To stop being one, another administrator can take that role from you on the dashboard’s members page.
mail-handed-question = If you did not make this change, reply to this message.

mail-export-subject = The export of { $space } is ready
mail-export-intro = Hello, the export of the space { $space } that you asked for is ready: the file { $file } ({ $size }) is in the files of the account { $account }, folder “Exports”.
mail-export-what = It holds every member’s files and a copy of the space’s database (calendars, contacts, boards, forms…). Download it from the Files app of your space, then keep it somewhere safe: it holds everyone’s data.
mail-export-action = Open the Exports folder
mail-export-after = The file counts in this account’s storage: delete it from the space once downloaded. A new export replaces the previous one.

mail-connection-asked-subject = “{ $asker }” proposes to connect their space with yours
mail-connection-asked-intro = Hello, the association “{ $asker }” found your space { $space } in the directory of associations of Frama.space and proposes to connect your two spaces.
mail-connection-what = Once connected, the members of each space show in the other’s address book, and everyone can share files, folders or calendars with the members of the other space. Each space stays on its own: nobody enters the other. You can undo the connection at any time from your dashboard.
mail-connection-asked-action = See the proposal
mail-connection-asked-after = Only the space’s referent can accept. If you do not know this association, simply decline: it sees nothing of your space.
mail-connection-made-subject = Your space is connected with “{ $peer }”
mail-connection-made-intro = Hello, your space { $space } is now connected with the space of “{ $peer }” ({ $address }).
mail-connection-made-how = The members of each space show in the other’s address book. To share a file or a folder with one of its members, type their name in the sharing box, or their sharing address, of the form name@{ $address }.
mail-connection-made-action = See the connected associations
mail-connection-made-after = You can undo the connection at any time from your dashboard, tab “Associations”.

mail-forum-login-subject = Your login link to the help forum
mail-forum-login-intro = Here is your link to log in to the help forum:
mail-forum-login-action = Log me in to the forum
mail-forum-login-expiry = This link works for { $minutes } minutes, once.
mail-forum-login-ignore = If you asked for nothing, ignore this message: nobody can log in without this link.

mail-forum-read = Read the message
mail-forum-mention = { $author } mentioned you in “{ $title }”
mail-forum-reply = { $author } replied in “{ $title }”
mail-forum-topic = { $author } opened “{ $title }” in { $category }
mail-forum-why-mention = You get this mail because a message of the forum mentions you.
mail-forum-why-reply = You get this mail because you follow this topic (one follows the topics one wrote in).
mail-forum-why-topic = You get this mail because you follow this category.
mail-forum-settings = Choose which mails the forum sends you: { $url }
mail-forum-digest-subject = { $count ->
    [one] Something new for you on the help forum
   *[other] { $count } new things for you on the help forum
}
mail-forum-digest-intro = { $count ->
    [one] Since our last mail, this concerns you on the help forum:
   *[other] Since our last mail, these { $count } messages concern you on the help forum:
}
mail-forum-digest-action = See my notifications
mail-forum-excerpt = “{ $text }”
