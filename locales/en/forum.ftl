# The help forum: its home, categories and topics.

forum-title = Help forum
forum-lead = Answers to your questions about Nextcloud, from people who use it in their association. Ask yours, even those that seem simple.
forum-categories = Categories
forum-latest = Latest topics
forum-feed-latest = { $site } help forum: new topics
forum-feed-category = { $category }: new topics of the { $site } help forum
forum-feed-follow = Follow the new topics (Atom feed)
forum-crumbs = Breadcrumb
forum-pages = Pages
forum-page-n = Page { $n }
forum-title-page = { $title } (page { $n })
forum-no-topic = No topic yet.
forum-topics = { $n ->
    [one] { $n } topic
   *[other] { $n } topics
}
forum-replies = { $n ->
    [one] { $n } reply
   *[other] { $n } replies
}
forum-last-post = last post on
forum-team = The team
forum-gone = Former member
forum-mark-pinned = Pinned
forum-mark-solved = Solved
forum-mark-guide = Guide
forum-mark-locked = Closed
forum-question-by = Question by { $author }
forum-reply-by = Reply by { $author }
forum-solution-by = Solution, by { $author }
forum-solution = Accepted solution
forum-solution-in-place = see it among the replies
forum-edited = edited on { $when }
forum-page-previous = Previous page
forum-page-next = Next page
forum-search-title = Search the forum
forum-search-title-for = “{ $words }” in the forum
forum-search-words = Words to search for
forum-search-category = Category
forum-search-any-category = All categories
forum-search-solved = Solved topics only
forum-search-submit = Search
forum-search-results = Results
forum-search-hint = Type a few words of your question (the forum is in French): accents and plurals make no difference. Put a phrase in quotes to find it as it is, and a hyphen before a word to leave it out.
forum-search-none = No topic matches “{ $words }”. Try other words, or ask your question.
forum-search-page = Page { $n } of the results, closest first.
forum-search-in-solution = found in the accepted solution

forum-log-in = Log in to write
forum-log-out = Log out of the forum
forum-logged-in = You are logged in to the forum.
forum-logged-in-as = You are logged in to the forum as { $name }.
forum-back = Back to the forum
forum-login-title = Log in to the forum
forum-login-lead = Reading the forum is open to everyone. To ask a question or reply, log in: a login link is sent to you by e-mail, with no password to remember.
forum-login-by-email = Get a link by e-mail
forum-login-email = Your e-mail address
forum-login-email-hint = It is never shown on the forum: it logs you in and, if you wish, tells you of replies.
forum-login-return = Page to open again after logging in
forum-details-summary = Details of your space, added to the question
forum-details = Details added
forum-details-hint = They help others answer. You may change or erase them; nothing else of your space is sent.
forum-details-text = My space: Nextcloud { $version }, office suite { $office }.
forum-details-office = My space: office suite { $office }.
forum-login-submit = Send me a login link
forum-login-submitting = Sending the link…
forum-link-sent-title = Check your e-mail
forum-link-sent-text = If the address is right, a login link is on its way. It works for 20 minutes, once.
forum-link-title = Log in to the forum
forum-link-text = Press the button to log in to the help forum.
forum-link-submit = Log me in
forum-link-invalid-title = This link no longer works
forum-link-invalid-text = A login link works once, for 20 minutes. Ask for a new one.
forum-login-again = Ask for a new link
forum-new-title = Ask a question
forum-new-lead = Say what you wanted to do, what you tried and what happened: that is what makes quick help possible.
forum-new-log-in = To ask a question, log in first. Search the forum too: the answer may be there already.
forum-ask = Ask a question
forum-reply = Reply
forum-reply-title = Reply to “{ $title }”
forum-reply-back = Read the topic again
forum-reply-log-in = To reply, log in first.
forum-topic-locked = This topic is closed: it takes no more replies.
forum-pseudonym = Your pseudonym
forum-pseudonym-hint = The name you will write under here, 2 to 30 letters or digits (and . - _). It cannot change afterwards. Do not put your e-mail address in it.
forum-category = Category
forum-topic-title = Your question's title
forum-topic-title-hint = One sentence that sums the question up, as you would search for it: “How do I sync my calendar with my phone?”
forum-body = Your message
forum-body-hint = Simple formatting: **bold**, *italic*, [link text](https://address), `code`, a list by starting lines with a dash.
forum-preview = Preview of your message
forum-preview-button = Preview
forum-similar = Topics like your question
forum-similar-lead = Your answer may already be there! They open in a new tab: what you wrote stays here.
forum-publish = Publish
forum-login-with-space = With your space
forum-login-with-space-text = Do you have an account in your association's space? Log in with it: every active account of a space can, not only its administrators.
forum-space-title = Log in to the forum with your space
forum-space-lead = Type your association's space address. You will log in on its usual page, then come back here.
forum-space-address = Your space's address
forum-space-address-hint = Its name is enough, for example mon-asso for mon-asso.frama.space.
forum-space-submit = Log me in with my space
forum-space-by-email = No space? Get a link by e-mail
forum-space-use-link = Your space cannot log you in right now. Get a link by e-mail below instead.
forum-space-expired = Logging in with your space took too long or was begun elsewhere. Start again.
forum-space-not-granted = Access was not granted on your space's page. Start again if that was a mistake.
forum-space-not-allowed = This account cannot log in to the forum. Get a link by e-mail below instead.
forum-space-removed = This space was removed. Get a link by e-mail below instead.
forum-space-unreachable = Your space did not answer. Try again in a few minutes, or get a link by e-mail below.
forum-solve = This solved it
forum-unsolve = This no longer solves it

## Flagging a post, and the forum's moderation
forum-flag = Flag
forum-flag-which = the message by { $author }
forum-moderate = Moderate
forum-flag-title = Flag a message
forum-flag-lead = Tell the forum's moderators what is wrong with this message: they will read it and decide whether to hide it. The person who wrote it will not know who flagged it.
forum-flag-log-in = To flag a message, log in to the forum.
forum-flag-post-of = Message by { $author } in “{ $title }”
forum-flag-reason = Why do you flag this message?
forum-flag-reason-spam = Advertising or spam
forum-flag-reason-offensive = Hurtful or disrespectful words
forum-flag-reason-off-topic = Off topic
forum-flag-reason-personal-data = It publishes personal data (an address, a phone number, a password)
forum-flag-reason-other = Another reason (say it below)
forum-flag-detail = Details (optional, except for “Another reason”)
forum-flag-detail-hint = At most 500 characters. Only the forum's moderators read them.
forum-flag-send = Send the flag
forum-flag-done = Thank you: your flag was passed on to the moderators.
forum-flag-already = You had flagged this message already: the moderators will look at it.
forum-flag-own = This is your own message: you cannot flag it. To correct or remove it, write to the team.
forum-flag-back = Back to the topic
forum-mod-title = Forum moderation
forum-mod-lead = The messages awaiting approval, the flagged messages, the oldest flag first, the hidden messages, and the log of every decision. To hide a message, give a reason: the log keeps it.
forum-mod-bar = Moderating this topic
forum-mod-lock = Close the topic
forum-mod-unlock = Reopen the topic
forum-mod-pin = Pin the topic
forum-mod-unpin = Unpin the topic
forum-mod-category = Topic's category
forum-mod-move = Move the topic
forum-mod-queue-link = Go to the forum's moderation
forum-mod-post-title = Message by { $author } in “{ $title }”
forum-mod-read = Read the message in its place
forum-mod-is-question = This is the topic's question: hiding it hides the topic.
forum-mod-hidden-by = Hidden by { $by }: { $reason }
forum-mod-reason = Reason
forum-mod-reason-hint = Required to hide or refuse, at most 500 characters. The moderation log keeps it.
forum-mod-hide = Hide the message
forum-mod-keep = Keep the message (dismiss the flags)
forum-mod-restore = Restore the message
forum-mod-done-hidden = The message is hidden.
forum-mod-done-kept = The message stays visible; its flags are dismissed.
forum-mod-done-restored = The message is restored.
forum-mod-focus = The message to moderate
forum-mod-flagged = { $n ->
    [0] No flagged message
    [one] { $n } flagged message
   *[other] { $n } flagged messages
}
forum-mod-none-flagged = No message waits for a decision.
forum-mod-hidden = Hidden messages
forum-mod-none-hidden = No message is hidden.
forum-mod-log = Moderation log
forum-mod-log-empty = No decision yet.
forum-mod-col-when = When
forum-mod-col-who = Who
forum-mod-col-what = Action
forum-mod-col-topic = Topic or person
forum-mod-col-reason = Reason
forum-mod-action-hide = Message hidden
forum-mod-action-restore = Message restored
forum-mod-action-keep = Flags dismissed
forum-mod-action-lock = Topic closed
forum-mod-action-unlock = Topic reopened
forum-mod-action-pin = Topic pinned
forum-mod-action-unpin = Topic unpinned

## Ideas for Nextcloud
forum-votes = { $n ->
    [0] no vote
    [one] { $n } vote
   *[other] { $n } votes
}
forum-idea = This idea
forum-idea-proposed = Proposed
forum-idea-under-study = Under study
forum-idea-planned = Planned
forum-idea-done = Done
forum-idea-declined = Declined
forum-idea-reason = The team's answer: { $reason }
forum-vote-for = Vote for this idea
forum-vote-withdraw = Withdraw my vote
forum-vote-log-in = Log in to vote
forum-idea-state = The idea's state
forum-idea-reason-hint = Required to decline an idea, at most 500 characters; shown under the idea.
forum-idea-set = Save the state
forum-mod-action-idea-state = Idea's state changed
forum-mod-action-move = Topic moved

# People: profiles, one's account, notifications.
forum-profile-description = { $name } on the help forum: { $topics ->
    [one] one topic
   *[other] { $topics } topics
} and { $replies ->
    [one] one reply
   *[other] { $replies } replies
}.
forum-profile-since = Member since
forum-profile-topics = Topics opened
forum-profile-replies = Replies
forum-profile-solutions = Replies that solved a question
forum-profile-space = Space
forum-profile-activity = Their messages
forum-profile-nothing = No visible message yet.
forum-profile-asked = Asked in
forum-profile-replied = Replied in
forum-account-title = My forum account
forum-account-pseudonym = Your pseudonym: { $name }.
forum-account-profile = See my profile
forum-account-no-pseudonym = You will choose your pseudonym with your first message.
forum-account-with-space = You log in with your space { $space }.
forum-account-by-email = You log in with a link sent to your e-mail address.
forum-settings-title = What the forum sends you
forum-settings-no-email = The forum has no e-mail address to write to you: your notifications stay on the notifications page.
forum-settings-mail_mentions = A mail when someone mentions me (@pseudonym)
forum-settings-mail_watched = A mail for what I follow
forum-settings-mail_watched-hint = A reply in a topic I follow (I follow the topics I wrote in), a new topic in a category I follow.
forum-settings-delivery = When these mails come
forum-settings-delivery-now = At once
forum-settings-delivery-daily = In a single mail a day
forum-settings-show_space = Show my space's name on my profile
forum-settings-show_space-hint = Only if you log in with your space.
forum-settings-submit = Save my choices
forum-settings-submitting = Saving…
forum-settings-saved = Your choices are saved.
forum-delete-title = Delete my forum account
forum-delete-text = Your messages stay on the forum, signed “Former member”: they still help others. Your pseudonym, your address and your notifications are erased. You may come back later with a new account.
forum-delete-confirm = I understand that my forum account will be deleted
forum-delete-submit = Delete my account
forum-account-deleted = Your forum account is deleted. Your messages stay, without your name.
forum-notifications-title = My notifications
forum-notifications-none = No notification yet. You will get some when someone mentions you or replies in a topic you follow.
forum-notifications-unread = { $n ->
    [0] All read.
    [one] One unread notification.
   *[other] { $n } unread notifications.
}
forum-notifications-mark-read = Mark all as read
forum-notifications-settings = Choose what the forum sends me
forum-notification-unread = Unread
forum-notification-mention = { $author } mentioned you in
forum-notification-reply = { $author } replied in
forum-notification-topic = { $author } opened a topic in { $category }:
forum-my-notifications = { $n ->
    [0] My notifications
    [one] My notifications (1 unread)
   *[other] My notifications ({ $n } unread)
}
forum-log-in-first = Log in to the forum
forum-log-in-first-text = This page is your forum account's.
forum-log-in-button = Log in to the forum
forum-watch-topic = Follow this topic
forum-watch-topic-stop = Stop following this topic
forum-watching-topic = You follow this topic: each reply is notified to you.
forum-watch-topic-log-in = Log in to follow this topic
forum-watch-category = Follow this category
forum-watch-category-stop = Stop following this category
forum-watching-category = You follow this category: each new topic is notified to you.
forum-watch-category-log-in = Log in to follow this category
forum-unsubscribe-title = Stop the forum's mails
forum-unsubscribe-text = The forum will no longer mail you your notifications. They stay on your notifications page, and you may change your mind in your account.
forum-unsubscribe-submit = Stop these mails
forum-unsubscribe-invalid-title = This link does not work
forum-unsubscribe-invalid-text = This unsubscribe link is not valid. You may choose the forum's mails in your account.
forum-unsubscribed-title = Done
forum-unsubscribed-text = The forum will no longer mail you your notifications.
forum-delete-link = Delete my forum account…
forum-delete-cancel = Keep my account
forum-mark-staff = Team
forum-mark-referent = Space referent

forum-mod-action-silence = Person silenced
forum-mod-action-ban = Person banned
forum-mod-action-lift = Sanction lifted
forum-mod-log-person = Person: { $name }
forum-mod-log-until = Through { $until }
forum-sanction-summary = Sanction { $name }
forum-sanction-kind = Sanction
forum-sanction-kind-hint = A silenced person still reads the forum, logged in, but no longer writes or flags. A banned person's login opens nothing of the forum. Either way, the forum tells them why and until when.
forum-sanction-kind-silence = Silence (no more writing)
forum-sanction-kind-ban = Ban (no more access with their login)
forum-sanction-until = Through the day of
forum-sanction-until-hint = Its last day, at most two years from today (a date such as 2027-01-31). It ends at midnight, Paris time.
forum-sanction-reason = Grounds for the sanction
forum-sanction-reason-hint = The person reads it, and the log keeps it.
forum-sanction-submit = Apply the sanction
forum-sanction-done-silence = The person is silenced: they no longer write from their next page.
forum-sanction-done-ban = The person is banned: their login opens nothing from their next page.
forum-sanction-done-lift = The sanction is lifted.
forum-sanctions = Sanctions in force
forum-sanctions-none = No sanction is in force.
forum-sanctions-col-who = Person
forum-sanctions-col-kind = Sanction
forum-sanctions-col-until = Through
forum-sanctions-col-by = By, on
forum-sanctions-col-lift = Lift
forum-sanctions-lift-button = Lift
forum-sanctions-lift = Lift the sanction of { $name }
forum-sanctioned-silence = A moderator has suspended your right to write on the forum through { $until }. You can still read it.
forum-sanctioned-ban = A moderator has suspended your forum account through { $until }.
forum-sanctioned-reason = Reason given: { $reason }
forum-sanction-title = Sanction a person
forum-sanction-post = Their message in “{ $title }”:
forum-sanction-current = A sanction is in force: { $kind }, through { $until }, for “{ $reason }”. A new one replaces it.

# Posts held for approval (a new person logged in by a mailed link).
forum-held-notice = Welcome! Your first messages are read by a moderator before they are published, usually within the day. Once one is accepted, the next ones appear at once.
forum-pending-title = My messages awaiting review
forum-pending-lead = A moderator reads new members’ first messages before publishing them, usually within the day. You read them here as they will appear; nobody else sees them yet, and nobody is notified before they are published.
forum-pending-approved = A moderator accepted one of your messages: what you write now appears at once. The ones below still await review.
forum-pending-none = No message awaiting review.
forum-pending-question = Your question “{ $title }”
forum-pending-reply = Your reply in “{ $title }”
forum-pending-mark = Awaiting review
forum-pending-topic = See the topic
forum-pending-back = Back to the forum
forum-mod-held = { $n ->
    [0] No message awaiting approval
    [one] { $n } message awaiting approval
   *[other] { $n } messages awaiting approval
}
forum-mod-held-lead = The first messages of people logged in by a mailed link await your review. Accepting a message publishes it and notifies the people it concerns; from then on, what that person writes appears at once. Refusing hides it, with a reason.
forum-mod-none-held = No message awaits approval.
forum-mod-approve = Accept and publish
forum-mod-refuse = Refuse (hide)
forum-mod-done-approved = The message is published; its author is no longer reviewed.
forum-mod-read-topic = Read the topic
forum-mod-action-approve = Message accepted

# Merging a duplicate into the older topic it repeats.
forum-merge-link = Merge this topic into another…
forum-merge-title = Merge a duplicate topic
forum-merge-this = The duplicate topic:
forum-merge-lead = Its messages move into the kept topic (its question becomes a reply there), with their flags; the people who follow it follow the kept topic, and its address leads there from now on. The kept topic is the older of the two.
forum-merge-like = Older topics like it
forum-merge-like-none = No older topic has a close title. Give the one to keep below.
forum-merge-into-this = Merge into “{ $title }”
forum-merge-into-button = Merge into this topic
forum-merge-other = Another topic
forum-merge-into = Topic to keep
forum-merge-into-hint = Its address (copied from its page) or its number.
forum-merge-submit = Merge
forum-merge-back = Back to the topic without changing anything
forum-merge-number = no. { $n }
forum-merge-last-post = last message on
forum-mod-action-merge = Topics merged

# Likes.
forum-like = Like
forum-like-whose = the message by { $author }
forum-likes = { $n ->
    [one] { $n } person likes this message
   *[other] { $n } people like this message
}

# Quotes.
forum-quote = Quote
forum-quote-whose = the message by { $author }
forum-quote-wrote = { $author } wrote:
