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

## Adresse d’un espace, SIREN, RNA
error-slug-required = Indiquez l’adresse souhaitée pour votre espace.
error-slug-too-short = Cette adresse est trop courte : 3 caractères au moins.
error-slug-too-long = Cette adresse est trop longue : 40 caractères au plus.
error-slug-characters = Utilisez seulement des lettres sans accent (a à z), des chiffres et des tirets.
error-slug-hyphens = Un tiret ne peut être ni au début, ni à la fin, ni doublé.
error-slug-reserved = Cette adresse est réservée : choisissez-en une autre.
error-siren-required = Indiquez le numéro SIREN de votre structure.
error-siren-invalid = Un numéro SIREN compte 9 chiffres.
error-siren-checksum = Ce numéro SIREN ne semble pas exact : vérifiez les chiffres.
error-rna-required = Indiquez le numéro RNA de votre association.
error-rna-invalid = Un numéro RNA commence par W, suivi de 9 chiffres (par exemple W751234567).
