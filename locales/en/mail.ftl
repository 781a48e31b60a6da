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
