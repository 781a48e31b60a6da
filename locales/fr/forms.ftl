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

## Demande d’espace
error-required = Ce champ est obligatoire : remplissez-le.
error-choice-required = Choisissez une des réponses proposées.
error-control-characters = Ce texte contient un caractère invisible ou de contrôle (un retour à la ligne, par exemple) : retirez-le.
error-line-too-long = Cette réponse est trop longue : { $line_max } caractères au plus.
error-text-too-long = Ce texte est trop long : { $text_max } caractères au plus.
error-number-required = Indiquez un nombre.
error-number-invalid = Indiquez un nombre entier, en chiffres (par exemple 12).
error-members-range = Indiquez un nombre de membres entre 1 et { $members_max }.
error-accounts-range = Un espace compte au plus { $max_accounts } comptes : indiquez un nombre entre 1 et { $max_accounts }.
error-storage-range = Un espace dispose de { $quota } Go au plus : indiquez un nombre entre 1 et { $quota }.
error-identifier-required = Indiquez le numéro d’enregistrement de votre structure (RNA ou SIREN, ou registre du tribunal en Alsace-Moselle).
error-identifier-invalid = Ce numéro ne ressemble ni à un RNA (W suivi de 9 chiffres) ni à un SIREN (9 chiffres).
error-field-detail-required = Précisez en quelques mots votre domaine d’action.
error-terms-required = Pour envoyer votre demande, acceptez les conditions d’utilisation.
error-slug-taken = Cette adresse est déjà prise ou demandée : choisissez-en une autre.
error-slug-unchanged = C’est déjà l’adresse de cet espace : choisissez-en une autre.
error-short-name-invalid = Utilisez seulement des lettres sans accent (a à z), des chiffres et des tirets simples, 40 caractères au plus ; pas de tiret au début ni à la fin.
error-date-time-invalid = Indiquez une date et une heure, par exemple 2026-12-01 09:00.
error-closes-before-opening = La fermeture doit venir après l’ouverture.
error-window-overlaps = Cette vague chevauche une vague déjà prévue : choisissez d’autres dates.
error-registrations-closed = Les inscriptions sont fermées en ce moment : votre demande n’a pas été enregistrée.
error-capacity-reached = Tous les espaces disponibles sont attribués : votre demande n’a pas été enregistrée.
error-host-name-invalid = Un nom de serveur s’écrit en minuscules, chiffres, tirets et points, comme nc1.frama.space.
error-host-exists = Un serveur porte déjà ce nom : choisissez-en un autre.
error-template-invalid = Une commande tient sur une ligne d’au plus 1 000 caractères, ses guillemets fermés.
error-template-slug = La commande doit contenir {"{"}slug{"}"} : un serveur accueille plusieurs espaces.
error-ocs-url-invalid = Écrivez l’adresse des espaces comme https://{"{"}slug{"}"}.frama.space.
error-version-range = Le portail parle à Nextcloud 28 et aux versions suivantes.
error-database-invalid = L’adresse du serveur de bases de données s’écrit sans espace, en 255 caractères au plus.
error-web-address-invalid = Écrivez une adresse qui commence par https:// (ou http://), sans espace.
error-host-spaces-range = Un serveur accueille de 1 à 100 000 espaces.
error-parallel-range = Choisissez de 1 à 64 tâches à la fois.
error-size-invalid = Écrivez une taille comme 40 To, 500 Go ou 40 TB.
error-socket-address-invalid = Écrivez une adresse et un port comme 10.0.0.7:443.
error-pseudonym-length = Un pseudonyme compte de 2 à 30 caractères.
error-pseudonym-characters = Un pseudonyme commence par une lettre ou un chiffre, et ne contient que des lettres, des chiffres et . - _ (ni espace ni @).
error-pseudonym-reserved = Ce pseudonyme est réservé : il pourrait passer pour l’équipe. Choisissez-en un autre.
error-pseudonym-taken = Ce pseudonyme est déjà pris. Choisissez-en un autre.
error-title-too-short = Un titre d’au moins 8 caractères aide les autres à trouver votre question.
error-category-staff-only = Seule l’équipe ouvre des sujets dans cette catégorie. Choisissez-en une autre.
error-topic-locked = Ce sujet est fermé : on ne peut plus y répondre.
error-posting-too-fast = Vous avez beaucoup écrit en peu de temps. Attendez quelques minutes, votre message est conservé.
error-sanctioned = Un modérateur a suspendu votre droit d’écrire : la raison et la date sont en haut de la page. Votre texte est conservé.
error-new-account-daily = Un nouveau compte écrit au plus 10 messages par jour pendant sa première semaine. Revenez demain : votre texte est conservé.
error-new-account-links = Les liens et les images sont possibles après votre premier jour sur le forum. Écrivez l’adresse en texte simple.
error-date-invalid = Saisissez une date comme 2027-01-31.
error-sanction-end-range = Choisissez un jour entre aujourd’hui et dans deux ans.
error-merge-target = Indiquez l’adresse ou le numéro d’un autre sujet visible du forum, par exemple /forum/t/comment-partager-un-agenda/123 ou 123.
error-merge-newer = Ce sujet est plus récent que celui-ci : c’est celui-ci qu’il faut garder. Fusionnez plutôt l’autre sujet dans celui-ci, depuis sa page.
error-space-unknown = Aucun espace n’a cette adresse : vérifiez-la dans le message de bienvenue de votre espace.
error-space-removed = L’espace de cette adresse a été supprimé.
error-space-not-ready = Cet espace n’est pas encore prêt : vous recevrez un e-mail quand il le sera.
error-account-delete-confirm = Cochez la case pour confirmer la suppression de votre compte.
