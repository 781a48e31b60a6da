## Newsletter

newsletter-title = Newsletter
newsletter-intro = A few messages a year: when registrations open, and important news. Never any advertising, and an unsubscribe link in every message.
newsletter-form-title = Subscribe
newsletter-email-label = Your e-mail address
newsletter-email-hint = For example: name@example.org
newsletter-submit = Subscribe
newsletter-submitting = Subscribing…
newsletter-privacy = We use your address for this newsletter only. You will first get a message to confirm your subscription.
newsletter-thanks-title = Check your mailbox
newsletter-thanks-text = If this address can receive our newsletter, a message has just been sent to it. Follow the link inside to confirm your subscription.
newsletter-thanks-spam = Nothing after a few minutes? Look in your spam folder, or try again later.
newsletter-confirm-title = Confirm your subscription
newsletter-confirm-text = One last click: confirm that you wish to receive our newsletter at this address.
newsletter-confirm-submit = Confirm my subscription
newsletter-confirmed-title = Subscription confirmed
newsletter-confirmed-text = Thank you! You will get our next newsletter. Every message has a link to unsubscribe.
newsletter-invalid-title = This link no longer works
newsletter-invalid-text = It may have expired or been used already. If you already confirmed your subscription, there is nothing more to do; otherwise, please subscribe again.
newsletter-unsubscribe-title = Unsubscribe from the newsletter
newsletter-unsubscribe-text = You will not receive any more messages from us, and we will erase your address.
newsletter-unsubscribe-submit = Unsubscribe me
newsletter-unsubscribed-title = You are unsubscribed
newsletter-unsubscribed-text = Your address has been erased. You can subscribe again whenever you like.
back-home = Back to the home page

## Form errors

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

## Sent mail (development)

devmail-title = Sent mail
devmail-intro = In development, mail is written to files instead of being sent. Here it is, newest first.
devmail-empty = No mail yet.
devmail-to = To:
devmail-date = Sent on:

## Mail

mail-greeting = Hello,
mail-signature = The { $site } team
mail-unsubscribe = Unsubscribe
mail-unsubscribe-text = To stop receiving our messages: { $url }
mail-newsletter-confirm-subject = Confirm your subscription to the { $site } newsletter
mail-newsletter-confirm-intro = Someone, probably you, asked to receive the { $site } newsletter at this address. To confirm, follow this link:
mail-newsletter-confirm-action = Confirm my subscription
mail-newsletter-confirm-expiry = This link is valid for { $days } days.
mail-newsletter-confirm-ignore = If you did not ask for this, ignore this message: you will not receive anything else.
