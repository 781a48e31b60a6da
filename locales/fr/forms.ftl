## Formulaires et leurs erreurs

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
