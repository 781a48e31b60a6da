## Équipe : connexion

staff-login-title = Connexion de l’équipe
staff-login-intro = Indiquez votre adresse : si elle appartient à l’équipe du site, vous recevrez un lien de connexion valable { $minutes } minutes, qui ne sert qu’une fois.
staff-login-email = Votre adresse e-mail
staff-login-submit = Recevoir un lien de connexion
staff-login-submitting = Envoi…
staff-login-again = Demander un nouveau lien
staff-link-sent-title = Vérifiez votre boîte mail
staff-link-sent-text = Si cette adresse appartient à l’équipe, un lien de connexion vient de lui être envoyé. Il ne sert qu’une fois et expire vite.
staff-link-title = Se connecter
staff-link-text = Un dernier clic pour ouvrir votre session sur cet appareil.
staff-link-submit = Me connecter
staff-link-invalid-title = Ce lien de connexion ne fonctionne plus
staff-link-invalid-text = Il a déjà servi, ou il a expiré. Demandez-en un nouveau.
staff-code-title = Code de vérification
staff-code-intro = Ouvrez votre application d’authentification et saisissez le code à six chiffres qu’elle affiche pour ce site. Sans votre téléphone, saisissez l’un de vos codes de secours.
staff-code-label = Code
staff-code-hint = Six chiffres, ou un code de secours comme abcde-fghij
staff-code-submit = Vérifier
staff-enrol-title = Activer la double authentification
staff-enrol-intro = En plus du lien reçu par mail, votre connexion demandera un code à six chiffres donné par une application sur votre téléphone.
staff-enrol-step-app = Installez une application d’authentification (par exemple Aegis, FreeOTP ou celle de votre gestionnaire de mots de passe).
staff-enrol-step-scan = Dans cette application, ajoutez un compte en scannant ce code QR, ou en tapant la clé ci-dessous.
staff-enrol-qr-label = Code QR de la clé d’authentification
staff-enrol-key = Clé :
staff-enrol-step-code = Saisissez le code que l’application affiche.
staff-enrol-hint = Six chiffres, sans espace ou avec
staff-enrol-submit = Activer
staff-recovery-title = Vos codes de secours
staff-recovery-intro = La double authentification est activée. Si vous perdez votre téléphone, chacun de ces codes remplace une fois le code de l’application.
staff-recovery-once = Notez-les ou imprimez-les maintenant, et gardez-les en lieu sûr : ils ne seront plus jamais affichés.
staff-recovery-continue = Continuer vers l’espace équipe
staff-logged-out-title = Vous êtes déconnecté·e
staff-logged-out-text = Votre session est fermée. Pour revenir, demandez un nouveau lien de connexion.

## Équipe : espace

staff-area-title = Espace équipe
staff-area-who = Connecté·e en tant que { $email } ({ $role }).
staff-area-since = Session ouverte le { $when }.
staff-area-sessions = { $count ->
    [one] Une session ouverte (celle-ci).
   *[other] { $count } sessions ouvertes, celle-ci comprise.
}
staff-area-security = Sécurité
staff-area-totp-on = La double authentification est activée.
staff-area-totp-off = La double authentification n’est pas activée. Elle protège votre compte si quelqu’un accède à votre boîte mail.
staff-area-totp-start = Activer la double authentification
staff-logout = Me déconnecter
staff-logout-everywhere = Me déconnecter partout
staff-area-admin = Administration
staff-role-moderator = modération
staff-role-admin = administration
staff-accounts-title = Comptes de l’équipe
staff-accounts-intro = Les comptes se créent et se retirent en ligne de commande : framaspace staff add, staff remove, staff role. La modération du forum se confie ici : modérer les demandes ne la donne pas.
staff-outbox-title = Courriels envoyés et en attente
staff-outbox-intro = Ce qui est parti, à qui et quand ; jamais le contenu, effacé dès l’envoi.
staff-outbox-empty = Aucun courriel pour l’instant.
staff-col-email = Adresse
staff-col-role = Rôle
staff-col-totp = Double authentification
staff-col-sessions = Sessions ouvertes
staff-col-created = Créé le
staff-col-forum = Modère le forum
staff-forum-by-role = oui, par son rôle
staff-forum-give = Confier la modération du forum
staff-forum-take = Retirer la modération du forum
staff-col-kind = Type
staff-col-recipient = Destinataire
staff-col-state = État
staff-col-attempts = Tentatives
staff-col-error = Dernière erreur
staff-mail-pending = en attente
staff-mail-sent = envoyé
staff-mail-failed = abandonné
yes = oui
no = non
footer-staff = Espace équipe
errorpage-401-login = Se connecter

## Erreurs : équipe

error-code-required = Saisissez le code.
error-code-invalid = Ce code n’a pas la bonne forme : six chiffres, ou un code de secours comme abcde-fghij.
error-code-wrong = Ce code ne convient pas. Vérifiez l’heure de votre téléphone, ou attendez le code suivant.

## Courriels : équipe

mail-staff-login-subject = Votre lien de connexion à { $site }
mail-staff-login-intro = Voici votre lien pour vous connecter à l’espace équipe de { $site } :
mail-staff-login-action = Me connecter
mail-staff-login-expiry = Ce lien est valable { $minutes } minutes et ne sert qu’une fois.
mail-staff-login-ignore = Si vous n’avez rien demandé, ignorez ce message : personne ne peut se connecter sans ce lien.

## Modération des demandes
staff-queue-title = Demandes d’espace
staff-queue-intro = Les demandes confirmées, les plus anciennes d’abord. Nous promettons une réponse sous 30 jours : celles qui ont dépassé ce délai sont signalées.
staff-queue-filter-status = État
staff-queue-filter-age = Ancienneté
staff-queue-filter-window = Vague d’inscriptions
staff-queue-waiting = En attente de l’équipe
staff-queue-any = Tous
staff-queue-older-than = Depuis plus de { $days } jours
staff-queue-filter = Filtrer
staff-queue-empty = Aucune demande ne correspond.
staff-queue-age = Attend depuis
staff-queue-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
staff-queue-overdue = en retard
staff-queue-assigned = Prise par
staff-queue-next = Demandes suivantes
staff-queue-back = Retour à la liste des demandes
staff-already-decided = Déjà traitée par { $who } le { $when } : { $status }. Votre décision n’a pas été prise en compte.
staff-hints-title = Points à vérifier
staff-hint-company = Des mots évoquent une entreprise.
staff-hint-school = Des mots évoquent une école ou une université.
staff-hint-public-body = Des mots évoquent une mairie ou un autre organisme public.
staff-hint-large-organisation = Des mots évoquent une grande organisation ou une fédération nationale.
staff-hint-needs-at-the-limit = Les besoins atteignent les limites d’un espace.
staff-hint-large-budget = Le budget annuel dépasse 50 000 €.
staff-duplicates-title = Doublons possibles
staff-duplicate-same-email = même adresse e-mail
staff-duplicate-same-identifier = même numéro RNA ou SIREN
staff-duplicate-similar-name = nom proche
staff-duplicate-same-address = adresse de la même famille
staff-answers-title = Réponses
staff-decide-title = Décider
staff-decide-approve = Accepter et créer l’espace
staff-decide-question = Question à poser
staff-decide-ask = Poser la question
staff-decide-reason = Motif du refus
staff-decide-note = Mot personnel (facultatif)
staff-decide-reject = Refuser
staff-decide-waitlist = Mettre en liste d’attente
staff-team-title = Suivi par l’équipe
staff-assigned-to = Prise en charge par { $who }.
staff-assigned-nobody = Personne ne l’a prise en charge.
staff-take = Prendre cette demande
staff-release = Laisser cette demande
staff-note-label = Note interne (jamais montrée à la personne)
staff-note-add = Ajouter la note
staff-history-title = Historique
staff-event-internal = (interne)
staff-event-submitted = demande envoyée
staff-event-confirmed = adresse confirmée
staff-event-expired = expirée sans confirmation
staff-event-withdrawn = retirée
staff-event-answer = réponse à la question
staff-event-approved = acceptée
staff-event-rejected = refusée
staff-event-waitlisted = mise en liste d’attente
staff-event-question = question posée
staff-event-assigned = prise en charge
staff-event-unassigned = laissée
staff-event-note = note
colon =  :

## Rejection reasons (admins)
templates-title = Motifs de refus
templates-intro = Les motifs que l’équipe choisit en refusant une demande. Le texte est envoyé tel quel à la structure, dans sa langue, suivi du mot personnel du modérateur ou de la modératrice. Un motif retiré n’est plus proposé ; les refus déjà envoyés gardent leurs mots.
templates-updated = Dernière modification
templates-new-title = Ajouter un motif
templates-edit-title = Modifier ce motif
templates-new-instead = Ajouter un autre motif plutôt
template-label = Motif
template-text = Texte envoyé
template-state-offered = Proposé
template-state-retired = Retiré
reject-template-code = Nom court
template-code-hint = Pour la ligne de commande, par exemple « entreprise » : lettres sans accent, chiffres et tirets. Reprendre le nom court d’un motif existant le modifie.
reject-template-label_fr = Motif, en français
reject-template-text_fr = Texte envoyé, en français
template-text-hint = Une ou deux phrases courtoises, qui expliquent sans juger.
reject-template-label_en = Motif, en anglais
reject-template-text_en = Texte envoyé, en anglais
reject-template-retired = Retirer ce motif
template-retired-hint = Il ne sera plus proposé aux modérateurs.
template-submit = Enregistrer le motif
template-submitting = Enregistrement…

## Capacity and bulk approval
staff-capacity = Espaces donnés ou promis : { $committed } sur { $capacity }.
staff-bulk-select = Sélection
staff-bulk-select-one = Sélectionner { $name }
staff-bulk-hint = Cochez les demandes à accepter d’un coup. Si la sélection dépasse la place restante, rien n’est accepté.
staff-bulk-approve = Accepter la sélection
staff-bulk-done = { $count ->
    [0] Aucune demande acceptée.
    [one] Une demande acceptée : son espace attend d’être créé.
   *[other] { $count } demandes acceptées : leurs espaces attendent d’être créés.
}
staff-bulk-skipped = { $count ->
    [one] Une autre avait changé entre-temps : elle est restée telle quelle.
   *[other] { $count } autres avaient changé entre-temps : elles sont restées telles quelles.
}
staff-bulk-full = { $count ->
    [0] Plus aucune place : rien n’a été accepté.
    [one] Il ne reste qu’une place : rien n’a été accepté. Sélectionnez une seule demande.
   *[other] Il ne reste que { $count } places : rien n’a été accepté. Sélectionnez-en { $count } au plus.
}
staff-bulk-none = Aucune demande n’était cochée.
staff-capacity-reached = La capacité est atteinte : plus aucun espace ne peut être promis, la demande n’a pas été acceptée.

## Daily digest
staff-digest-title = Point quotidien par courriel
staff-digest-on = Vous recevez chaque jour un courriel des demandes en retard et des nouvelles demandes confirmées (seulement s’il y en a).
staff-digest-off = Vous ne recevez pas le point quotidien des demandes.
staff-digest-stop = Ne plus le recevoir
staff-digest-start = Le recevoir chaque jour

## Registration waves (admins)
windows-title = Vagues d’inscriptions
windows-intro = Les demandes ne sont acceptées que pendant une vague. Les pages publiques disent si les inscriptions sont ouvertes et jusqu’à quand, ou quand elles rouvrent. Deux vagues ne peuvent pas se chevaucher.
windows-none = Aucune vague n’est prévue.
windows-received = Demandes reçues
windows-new-title = Prévoir une vague
window-opens = Ouverture
window-closes = Fermeture
window-time-hint = À l’heure de Paris.
window-max_applications = Nombre maximal de demandes (facultatif)
window-max_applications-hint = Laissez vide pour ne fixer aucune limite autre que la capacité de la plateforme.
window-note = Note publique
window-note_fr = Note publique, en français (facultatif)
window-note-hint = Une phrase affichée sur les pages publiques pendant la vague.
window-note_en = Note publique, en anglais (facultatif)
window-state-past = Terminée
window-state-open = En cours
window-state-planned = Prévue
window-submit = Prévoir cette vague
window-submitting = Enregistrement…

## Export and erasure (admins)
staff-privacy-title = Données personnelles
staff-privacy-text = À la demande de la personne qui a écrit, vous pouvez lui remettre tout ce que nous gardons de cette demande, ou l’effacer pour de bon (la demande, son historique et ses courriels).
staff-export = Télécharger les données de la demande (JSON)
staff-erase-confirm = Je confirme l’effacement définitif de cette demande
staff-erase = Effacer la demande
staff-erase-confirm-needed = Cochez la case pour confirmer l’effacement : rien n’a été effacé.
staff-erase-has-space = Cette demande a été acceptée et son espace existe : fermez d’abord l’espace. Rien n’a été effacé.
staff-erased = La demande a été effacée, avec son historique et ses courriels.

## What runs: spaces, hosts, jobs, alerts
spaces-title = Espaces
spaces-intro = Tous les espaces, du plus récent au plus ancien : leur état, leur serveur, leur âge. Un espace en préparation montre les étapes faites.
spaces-search = Adresse ou nom
spaces-none = Aucun espace ne correspond.
spaces-host = Serveur
spaces-quota = Quota
spaces-referent = Référent·e
spaces-referent-erased = aucun·e (la demande a été effacée)
spaces-referent-handed = (rôle transmis depuis le tableau de bord)
spaces-exports = Exports demandés par la personne référente
spaces-export-col-asked = Demandé le
spaces-export-col-by = Par
spaces-export-col-finished = Terminé le
spaces-export-col-file = Fichier (dans les fichiers de ce compte)
spaces-export-state-requested = En attente
spaces-export-state-running = En cours
spaces-export-state-ready = Prêt
spaces-export-state-failed = Échec après plusieurs essais
spaces-export-state-unavailable = Impossible sur ce serveur (script d’hôte sans l’action « export »)
space-export-again = Relancer l’export
spaces-address = Adresse
spaces-job = Tâche de préparation
spaces-timeline = Étapes de la préparation
spaces-timeline-empty = Aucune étape n’a encore été lancée.
spaces-step = Étape
spaces-outcome = Résultat
spaces-started = Début
spaces-duration = Durée
spaces-said = Ce qui a été vu ou fait
spaces-health = Santé
spaces-usage = Utilisation
spaces-storage = Stockage utilisé
spaces-accounts = { $count ->
    [one] { $count } compte
   *[other] { $count } comptes
}
spaces-accounts-of = { $count ->
    [one] { $count } compte sur { $allowed }
   *[other] { $count } comptes sur { $allowed }
}
spaces-health-title = Santé et utilisation
spaces-checked = Dernière vérification
spaces-version = Version de Nextcloud
spaces-last-login = Dernière connexion d’un membre
spaces-drift = Écarts trouvés (une tâche les répare)
spaces-failed-sweeps = { $count ->
    [one] une vérification échouée
   *[other] { $count } vérifications échouées d’affilée
}
spaces-history = Historique de santé, du plus récent au plus ancien
spaces-history-from = Depuis
spaces-history-to = Jusqu’à
spaces-history-sweeps = Vérifications
health-none = pas encore vérifié
health-ok = répond
health-unreachable = injoignable
health-not_installed = non installé
health-maintenance = en maintenance
health-error = en erreur
drift-apps = des applications ne sont pas dans l’état voulu
drift-app_password = le mot de passe d’application du portail est refusé
drift-oauth_client = le client OAuth2 du portail a disparu
size-gib = { $n } Gio
space-life-title = Suspendre, changer, supprimer
space-suspend-reason = Raison de la suspension, envoyée au référent
space-suspend = Suspendre l’espace
space-resume = Rouvrir l’espace
space-office-switch = Passer la suite bureautique à { $office }
space-rename-label = Nouvelle adresse de l’espace
space-rename-hint = Le début de l’adresse, en minuscules, chiffres et tirets (3 à 40 caractères). L’ancienne adresse redirigera vers la nouvelle, et le référent sera prévenu.
space-rename = Changer l’adresse
space-delete = Demander la suppression (dans 30 jours)
space-delete-cancel = Annuler la suppression
space-deletion-pending = Suppression prévue le { $date } : le référent a reçu un lien pour l’annuler.
space-change-busy = Un changement de l’espace est en cours : les boutons reviendront quand il sera fait.
space-done-suspend = La suspension est lancée : le référent sera prévenu.
space-done-resume = La réouverture est lancée : le référent sera prévenu.
space-done-office = Le changement de suite bureautique est lancé.
space-done-rename = Le changement d’adresse est lancé : l’ancienne adresse redirigera vers la nouvelle, et le référent sera prévenu.
space-done-delete = La suppression est demandée : elle aura lieu dans 30 jours, sauf annulation. Le référent est prévenu.
space-done-cancel-delete = La suppression est annulée. Le référent est prévenu.
space-done-busy = Rien n’a changé : un autre changement de l’espace est en cours.
space-done-state = Rien n’a changé : l’état de l’espace ne le permet pas.
space-done-same-office = Rien n’a changé : l’espace utilise déjà cette suite.
space-done-no-deletion = Rien n’a changé : aucune suppression n’était prévue.
space-done-pending = Rien n’a changé : une suppression est déjà prévue.
space-done-export = L’export est relancé.
space-done-no-export = Rien n’a changé : aucun export en échec à relancer.
space-events = Ce qui a été demandé pour cet espace
space-event-when = Quand
space-event-who = Par
space-event-what = Quoi
space-actor-referent = le référent
space-actor-system = le portail
space-actor-operator = l’opérateur, en ligne de commande
space-event-suspend = suspension
space-event-resume = réouverture
space-event-office = changement de suite bureautique
space-event-rename = changement d’adresse
space-event-delete-asked = suppression demandée
space-event-delete-reminded = rappel envoyé au référent
space-event-delete-cancelled = suppression annulée
space-event-remove = suppression effectuée
step-maintenance-on = mode maintenance activé
step-maintenance-off = mode maintenance désactivé
step-remove = suppression sur le serveur
step-rename = nouvelle adresse sur le serveur, redirection de l’ancienne
space-retry = Relancer la préparation maintenant
space-retry-done = La préparation est relancée : la page montrera les nouvelles étapes.
space-retry-nothing = Rien à relancer : l’espace est prêt, supprimé, ou sa préparation est en cours.
space-state-waiting = en attente
space-state-provisioning = en préparation
space-state-active = actif
space-state-suspended = suspendu
space-state-failed = en échec
space-state-deleted = supprimé
step-outcome-done = fait
step-outcome-already = déjà fait
step-outcome-failed = échec, sera retenté
step-outcome-waiting = en attente
step-outcome-running = commencé, jamais terminé
hosts-title = Serveurs
hosts-intro = Les serveurs Nextcloud qui accueillent les espaces, leur place et leur stockage. Un serveur « en retrait » garde ses espaces mais n’en reçoit plus de nouveaux.
hosts-summary = { $spaces } espaces placés ; place pour { $room } de plus sur les serveurs actifs.
hosts-none = Aucun serveur pour l’instant.
hosts-name = Nom
hosts-version = Version
hosts-spaces = Espaces
hosts-storage = Stockage réservé
hosts-parallel = Préparations en parallèle
hosts-actions = Actions
hosts-spaces-of = Espaces de { $name }
hosts-storage-of = Stockage de { $name }
hosts-state-active = actif
hosts-state-draining = en retrait
hosts-drain = Mettre { $name } en retrait
hosts-activate = Réactiver { $name }
hosts-add = Ajouter un serveur
hosts-add-cli = On peut aussi l’ajouter en ligne de commande : framaspace hosts add (voir le README).
host-new-title = Ajouter un serveur
host-new-back = Retour aux serveurs
host-new-intro = Un serveur Nextcloud qui accueillera des espaces. Il est actif dès son ajout : les prochains espaces approuvés peuvent y être placés. Vérifiez d’abord que le portail peut s’y connecter et y lancer ses commandes.
host-new-taken = Serveurs déjà présents :
host-name = Nom du serveur
host-name-hint = Son nom sur le réseau, en minuscules, par exemple nc4.frama.space.
host-ocs_url = Adresse des espaces
host-ocs_url-hint = Où chaque espace répond, {"{"}slug{"}"} tenant la place de son nom : https://{"{"}slug{"}"}.frama.space.
host-version = Version de Nextcloud
host-version-hint = Le numéro principal, par exemple 35. Le portail parle à Nextcloud 28 et aux versions suivantes.
host-occ = Commande occ
host-occ-hint = Comment le portail lance occ pour un espace, par exemple ssh -T nc4 sudo /usr/local/bin/framaspace-occ {"{"}slug{"}"}.
host-host_script = Script du serveur
host-host_script-hint = Le script qui crée le dossier, le site web et la base d’un espace (docs/host/framaspace-host), par exemple ssh nc4 sudo framaspace-host {"{"}slug{"}"}.
host-database = Serveur de bases de données
host-database-hint = Son adresse, vue depuis le serveur Nextcloud, par exemple db4.interne.
host-spaces = Nombre d’espaces au plus
host-spaces-hint = De 1 à 100 000.
host-storage = Stockage total
host-storage-hint = Ce que le serveur peut réserver aux espaces, par exemple 10 To. Chaque espace en réserve son quota.
host-parallel = Préparations en parallèle
host-parallel-hint = Combien d’espaces le portail prépare ou modifie à la fois sur ce serveur (de 1 à 64), quel que soit le nombre de ses processus.
host-office_url = Adresse du serveur bureautique (facultatif)
host-office_url-hint = Collabora ou OnlyOffice, par exemple https://office4.frama.space.
host-office_secret = Secret du serveur bureautique (facultatif)
host-office_secret-hint = La clé partagée (JWT d’OnlyOffice ou WOPI de Collabora). Elle est chiffrée avant d’être enregistrée et n’est plus jamais affichée.
host-connect_to = Adresse de connexion (facultatif)
host-connect_to-hint = Pour joindre le serveur par une adresse et un port précis, quoi que dise le DNS, par exemple 10.0.0.7:443.
host-arguments = Les arguments des commandes
host-arguments-hint = Comment les deux commandes reçoivent ce que le portail leur ajoute (nom d’un espace, nom d’une association…).
host-arguments-shell = Par un shell (ssh, ou un script qui l’appelle) : chacun est protégé. À choisir sauf cas particulier.
host-arguments-direct = Tels quels, sans shell entre les deux : seulement pour un programme lancé sur cette machine-ci.
host-code = Code de double authentification
host-code-hint = Ces commandes s’exécuteront pour chaque espace du serveur : saisissez un nouveau code de votre application pour confirmer.
host-submit = Ajouter ce serveur
host-submitting = Ajout…
jobs-title = Tâches
jobs-intro = La file des tâches de fond : envois d’e-mails, préparations d’espaces, nettoyages. Une tâche « abandonnée » a échoué trop de fois : relancez-la une fois la cause réglée.
jobs-none = Aucune tâche dans cet état.
jobs-when = Prévue pour
jobs-attempts = tentatives
jobs-retry = Relancer la tâche { $id }
jobs-cancel = Annuler la tâche { $id }
jobs-changed = C’est fait.
jobs-unchanged = Rien n’a changé : l’état de la tâche ne le permettait pas.
jobs-state-ready = en attente
jobs-state-running = en cours
jobs-state-done = faite
jobs-state-dead = abandonnée
jobs-state-cancelled = annulée
alerts-title = Alertes
alerts-open = { $count ->
    [0] Aucune alerte ouverte.
    [one] Une alerte ouverte.
   *[other] { $count } alertes ouvertes.
}
alerts-none = Aucune alerte, ni ouverte ni récente.
alerts-state-open = ouverte
alerts-state-closed = close
alerts-times = Levée le { $raised }, vue pour la dernière fois le { $seen }.
alert-fleet_full = Plus de place sur les serveurs
alert-space_down = Espace en panne
alert-too_many_accounts = Trop de comptes dans un espace
alert-export_by_hand = Export à faire à la main

spaces-connections = Liens avec d’autres espaces
spaces-connection-col-peer = Autre espace
spaces-connection-col-by = Proposé par
spaces-connection-ours = cet espace
spaces-connection-theirs = l’autre espace
spaces-connection-state-asked = Proposé, sans réponse
spaces-connection-state-declined = Refusé
spaces-connection-state-linking = En cours (échange des clés)
spaces-connection-state-connected = Relié
spaces-connection-state-unlinking = En train d’être défait
spaces-connection-state-unavailable = Impossible : l’un des deux Nextcloud n’offre pas les serveurs de confiance
spaces-connection-state-failed = Échec : les clés n’ont pas été échangées, ou un serveur a refusé
