## Lettre d'information

newsletter-title = Lettre d’information
newsletter-intro = Quelques messages par an : l’ouverture des inscriptions, les nouveautés importantes. Jamais de publicité, et un lien de désinscription dans chaque message.
newsletter-form-title = S’inscrire
newsletter-email-label = Votre adresse e-mail
newsletter-email-hint = Par exemple : nom@exemple.org
newsletter-submit = M’inscrire
newsletter-submitting = Inscription…
newsletter-privacy = Nous n’utilisons votre adresse que pour cette lettre. Vous recevrez d’abord un message pour confirmer votre inscription.
newsletter-thanks-title = Vérifiez votre boîte mail
newsletter-thanks-text = Si cette adresse peut recevoir notre lettre, un message vient de lui être envoyé. Suivez le lien qu’il contient pour confirmer votre inscription.
newsletter-thanks-spam = Rien reçu après quelques minutes ? Regardez dans les courriers indésirables, ou réessayez plus tard.
newsletter-confirm-title = Confirmer votre inscription
newsletter-confirm-text = Un dernier clic : confirmez que vous souhaitez recevoir notre lettre d’information à cette adresse.
newsletter-confirm-submit = Confirmer mon inscription
newsletter-confirmed-title = Inscription confirmée
newsletter-confirmed-text = Merci ! Vous recevrez notre prochaine lettre. Chaque message contient un lien pour vous désinscrire.
newsletter-invalid-title = Ce lien ne fonctionne plus
newsletter-invalid-text = Il a peut-être expiré ou déjà servi. Si vous avez déjà confirmé votre inscription, vous n’avez rien d’autre à faire ; sinon, inscrivez-vous à nouveau.
newsletter-unsubscribe-title = Se désinscrire de la lettre
newsletter-unsubscribe-text = Vous ne recevrez plus aucun message de notre part, et nous effacerons votre adresse.
newsletter-unsubscribe-submit = Me désinscrire
newsletter-unsubscribed-title = Vous êtes désinscrit·e
newsletter-unsubscribed-text = Votre adresse a été effacée. Vous pouvez vous réinscrire quand vous voulez.
back-home = Retour à l’accueil

## Erreurs des formulaires

form-error-summary = { $count ->
    [one] Une erreur empêche l’envoi du formulaire :
   *[other] { $count } erreurs empêchent l’envoi du formulaire :
}
form-error-prefix = Erreur :
error-email-required = Indiquez votre adresse e-mail.
error-email-invalid = Cette adresse ne semble pas valide : elle doit avoir la forme nom@exemple.org.
error-email-too-long = Cette adresse est trop longue (254 caractères au plus).
error-rate-limited = Trop de tentatives depuis votre connexion. Réessayez dans une heure.
error-server = Un problème de notre côté a empêché l’envoi. Réessayez dans quelques instants : ce que vous avez saisi est conservé.

## Courriels envoyés (développement)

devmail-title = Courriels envoyés
devmail-intro = En développement, les courriels sont écrits dans des fichiers au lieu d’être envoyés. Les voici, du plus récent au plus ancien.
devmail-empty = Aucun courriel pour l’instant.
devmail-to = À :
devmail-date = Envoyé le :

## Courriels

mail-greeting = Bonjour,
mail-signature = L’équipe { $site }
mail-unsubscribe = Se désinscrire
mail-unsubscribe-text = Pour ne plus recevoir nos messages : { $url }
mail-newsletter-confirm-subject = Confirmez votre inscription à la lettre de { $site }
mail-newsletter-confirm-intro = Quelqu’un, sans doute vous, a demandé à recevoir la lettre d’information de { $site } à cette adresse. Pour confirmer, suivez ce lien :
mail-newsletter-confirm-action = Confirmer mon inscription
mail-newsletter-confirm-expiry = Ce lien est valable { $days } jours.
mail-newsletter-confirm-ignore = Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : vous ne recevrez rien d’autre.
