# The help forum: its home, categories and topics.

forum-title = Forum d’entraide
forum-lead = Des réponses à vos questions sur Nextcloud, par les personnes qui l’utilisent dans leur association. Posez les vôtres, même celles qui vous semblent simples.
forum-categories = Catégories
forum-latest = Derniers sujets
forum-feed-latest = Forum d’entraide de { $site } : les nouveaux sujets
forum-feed-category = { $category } : les nouveaux sujets du forum d’entraide de { $site }
forum-feed-follow = Suivre les nouveaux sujets (flux Atom)
forum-crumbs = Fil d’Ariane
forum-pages = Pages
forum-page-n = Page { $n }
forum-title-page = { $title } (page { $n })
forum-no-topic = Aucun sujet pour le moment.
forum-topics = { $n ->
    [one] { $n } sujet
   *[other] { $n } sujets
}
forum-replies = { $n ->
    [one] { $n } réponse
   *[other] { $n } réponses
}
forum-last-post = dernier message le
forum-team = L’équipe
forum-gone = Ancien membre
forum-mark-pinned = Épinglé
forum-mark-solved = Résolu
forum-mark-guide = Guide
forum-mark-locked = Fermé
forum-question-by = Question de { $author }
forum-reply-by = Réponse de { $author }
forum-solution-by = Solution, par { $author }
forum-solution = Solution acceptée
forum-solution-in-place = la voir parmi les réponses
forum-edited = modifié le { $when }
forum-page-previous = Page précédente
forum-page-next = Page suivante
forum-search-title = Rechercher dans le forum
forum-search-title-for = « { $words } » dans le forum
forum-search-words = Mots à chercher
forum-search-category = Catégorie
forum-search-any-category = Toutes les catégories
forum-search-solved = Seulement les sujets résolus
forum-search-submit = Rechercher
forum-search-results = Résultats
forum-search-hint = Tapez quelques mots de votre question : les accents et les pluriels n’y changent rien. Mettez une expression entre guillemets pour la trouver telle quelle, et un tiret devant un mot pour l’écarter.
forum-search-none = Aucun sujet ne correspond à « { $words } ». Essayez d’autres mots, ou posez votre question.
forum-search-page = Page { $n } des résultats, les plus proches en premier.
forum-search-in-solution = trouvé dans la solution acceptée

forum-log-in = Se connecter pour écrire
forum-log-out = Se déconnecter du forum
forum-logged-in = Vous êtes connecté·e au forum.
forum-logged-in-as = Vous êtes connecté·e au forum sous le pseudonyme { $name }.
forum-back = Revenir au forum
forum-login-title = Se connecter au forum
forum-login-lead = Lire le forum est ouvert à tout le monde. Pour poser une question ou répondre, connectez-vous : un lien de connexion vous est envoyé par e-mail, sans mot de passe à retenir.
forum-login-by-email = Recevoir un lien par e-mail
forum-login-email = Votre adresse e-mail
forum-login-email-hint = Elle ne sera jamais affichée sur le forum : elle sert à vous connecter et, si vous le souhaitez, à vous prévenir des réponses.
forum-login-return = Page à rouvrir après la connexion
forum-details-summary = Détails de votre espace, joints à la question
forum-details = Détails joints
forum-details-hint = Ils aident à vous répondre. Vous pouvez les modifier ou les effacer ; rien d’autre de votre espace n’est transmis.
forum-details-text = Mon espace : Nextcloud { $version }, suite bureautique { $office }.
forum-details-office = Mon espace : suite bureautique { $office }.
forum-login-submit = M’envoyer un lien de connexion
forum-login-submitting = Envoi du lien…
forum-link-sent-title = Regardez vos e-mails
forum-link-sent-text = Si l’adresse est correcte, un lien de connexion vient d’y partir. Il est valable 20 minutes et ne sert qu’une fois.
forum-link-title = Se connecter au forum
forum-link-text = Appuyez sur le bouton pour vous connecter au forum d’entraide.
forum-link-submit = Me connecter
forum-link-invalid-title = Ce lien ne fonctionne plus
forum-link-invalid-text = Un lien de connexion ne sert qu’une fois et pendant 20 minutes. Demandez-en un nouveau.
forum-login-again = Demander un nouveau lien
forum-new-title = Poser une question
forum-new-lead = Dites ce que vous vouliez faire, ce que vous avez essayé et ce qui s’est passé : c’est ce qui permet de vous aider vite.
forum-new-log-in = Pour poser une question, connectez-vous d’abord. Cherchez aussi dans le forum : la réponse y est peut-être déjà.
forum-ask = Poser une question
forum-reply = Répondre
forum-reply-title = Répondre à « { $title } »
forum-reply-back = Relire le sujet
forum-reply-log-in = Pour répondre, connectez-vous d’abord.
forum-topic-locked = Ce sujet est fermé : on ne peut plus y répondre.
forum-pseudonym = Votre pseudonyme
forum-pseudonym-hint = Le nom sous lequel vous écrirez ici, de 2 à 30 lettres ou chiffres (et . - _). Il ne changera plus ensuite. N’y mettez pas votre adresse e-mail.
forum-category = Catégorie
forum-topic-title = Titre de votre question
forum-topic-title-hint = Une phrase qui résume la question, comme vous la chercheriez : « Comment synchroniser mon agenda sur mon téléphone ? »
forum-body = Votre message
forum-body-hint = Mise en forme simple : **gras**, *italique*, [texte du lien](https://adresse), `code`, une liste en commençant les lignes par un tiret.
forum-preview = Aperçu de votre message
forum-preview-button = Voir l’aperçu
forum-similar = Des sujets qui ressemblent à votre question
forum-similar-lead = Votre réponse y est peut-être déjà ! Ils s’ouvrent dans un nouvel onglet : ce que vous avez écrit reste ici.
forum-publish = Publier
forum-login-with-space = Avec votre espace
forum-login-with-space-text = Vous avez un compte dans l’espace de votre association ? Connectez-vous avec lui : tous les comptes actifs d’un espace le peuvent, pas seulement ses administrateurs.
forum-space-title = Se connecter au forum avec son espace
forum-space-lead = Tapez l’adresse de l’espace de votre association. Vous vous connecterez sur sa page habituelle, puis reviendrez ici.
forum-space-address = Adresse de votre espace
forum-space-address-hint = Son nom suffit, par exemple mon-asso pour mon-asso.frama.space.
forum-space-submit = Me connecter avec mon espace
forum-space-by-email = Pas d’espace ? Recevoir un lien par e-mail
forum-space-use-link = Votre espace ne peut pas vous connecter en ce moment. Recevez plutôt un lien par e-mail ci-dessous.
forum-space-expired = La connexion avec votre espace a pris trop de temps ou a été commencée ailleurs. Recommencez.
forum-space-not-granted = L’accès n’a pas été autorisé sur la page de votre espace. Recommencez si c’était une erreur.
forum-space-not-allowed = Ce compte ne peut pas se connecter au forum. Recevez plutôt un lien par e-mail ci-dessous.
forum-space-removed = Cet espace a été supprimé. Recevez plutôt un lien par e-mail ci-dessous.
forum-space-unreachable = Votre espace n’a pas répondu. Réessayez dans quelques minutes, ou recevez un lien par e-mail ci-dessous.
forum-solve = C’est la solution
forum-unsolve = Ce n’est plus la solution

## Flagging a post, and the forum's moderation
forum-flag = Signaler
forum-flag-which = le message de { $author }
forum-moderate = Modérer
forum-flag-title = Signaler un message
forum-flag-lead = Dites aux personnes qui modèrent le forum ce qui ne va pas dans ce message : elles le liront et décideront de le masquer ou non. La personne qui l’a écrit ne saura pas qui l’a signalé.
forum-flag-log-in = Pour signaler un message, connectez-vous au forum.
forum-flag-post-of = Message de { $author } dans « { $title } »
forum-flag-reason = Pourquoi signalez-vous ce message ?
forum-flag-reason-spam = Publicité ou spam
forum-flag-reason-offensive = Propos blessants ou irrespectueux
forum-flag-reason-off-topic = Hors sujet
forum-flag-reason-personal-data = Il publie des données personnelles (adresse, téléphone, mot de passe)
forum-flag-reason-other = Autre raison (dites-la ci-dessous)
forum-flag-detail = Précisions (facultatif, sauf pour « Autre raison »)
forum-flag-detail-hint = 500 caractères au plus. Seules les personnes qui modèrent le forum les liront.
forum-flag-send = Envoyer le signalement
forum-flag-done = Merci : votre signalement a été transmis à la modération.
forum-flag-already = Vous aviez déjà signalé ce message : la modération va le regarder.
forum-flag-own = C’est votre propre message : vous ne pouvez pas le signaler. Pour le corriger ou le retirer, écrivez à l’équipe.
forum-flag-back = Revenir au sujet
forum-mod-title = Modération du forum
forum-mod-lead = Les messages en attente d’approbation, les messages signalés, du plus ancien signalement au plus récent, les messages masqués et le journal de chaque décision. Pour masquer un message, donnez une raison : le journal la garde.
forum-mod-bar = Modération du sujet
forum-mod-lock = Fermer le sujet
forum-mod-unlock = Rouvrir le sujet
forum-mod-pin = Épingler le sujet
forum-mod-unpin = Désépingler le sujet
forum-mod-category = Catégorie du sujet
forum-mod-move = Déplacer le sujet
forum-mod-queue-link = Aller à la modération du forum
forum-mod-post-title = Message de { $author } dans « { $title } »
forum-mod-read = Lire le message à sa place
forum-mod-is-question = C’est la question du sujet : la masquer masque le sujet.
forum-mod-hidden-by = Masqué par { $by } : { $reason }
forum-mod-reason = Raison
forum-mod-reason-hint = Obligatoire pour masquer ou refuser, 500 caractères au plus. Le journal de la modération la garde.
forum-mod-hide = Masquer le message
forum-mod-keep = Laisser le message (rejeter les signalements)
forum-mod-restore = Rétablir le message
forum-mod-done-hidden = Le message est masqué.
forum-mod-done-kept = Le message reste visible ; ses signalements sont rejetés.
forum-mod-done-restored = Le message est rétabli.
forum-mod-focus = Le message à modérer
forum-mod-flagged = { $n ->
    [0] Aucun message signalé
    [one] { $n } message signalé
   *[other] { $n } messages signalés
}
forum-mod-none-flagged = Aucun message n’attend de décision.
forum-mod-hidden = Messages masqués
forum-mod-none-hidden = Aucun message n’est masqué.
forum-mod-log = Journal de la modération
forum-mod-log-empty = Aucune décision pour l’instant.
forum-mod-col-when = Quand
forum-mod-col-who = Qui
forum-mod-col-what = Action
forum-mod-col-topic = Sujet ou personne
forum-mod-col-reason = Raison
forum-mod-action-hide = Message masqué
forum-mod-action-restore = Message rétabli
forum-mod-action-keep = Signalements rejetés
forum-mod-action-lock = Sujet fermé
forum-mod-action-unlock = Sujet rouvert
forum-mod-action-pin = Sujet épinglé
forum-mod-action-unpin = Sujet désépinglé

## Ideas for Nextcloud
forum-votes = { $n ->
    [0] aucun vote
    [one] { $n } vote
   *[other] { $n } votes
}
forum-idea = Cette idée
forum-idea-proposed = Proposée
forum-idea-under-study = À l’étude
forum-idea-planned = Prévue
forum-idea-done = Faite
forum-idea-declined = Refusée
forum-idea-reason = Réponse de l’équipe : { $reason }
forum-vote-for = Voter pour cette idée
forum-vote-withdraw = Retirer mon vote
forum-vote-log-in = Se connecter pour voter
forum-idea-state = État de l’idée
forum-idea-reason-hint = Obligatoire pour refuser une idée, 500 caractères au plus ; affichée sous l’idée.
forum-idea-set = Enregistrer l’état
forum-mod-action-idea-state = État de l’idée changé
forum-mod-action-move = Sujet déplacé

# People: profiles, one's account, notifications.
forum-profile-description = { $name } sur le forum d’entraide : { $topics ->
    [one] un sujet
   *[other] { $topics } sujets
} et { $replies ->
    [one] une réponse
   *[other] { $replies } réponses
}.
forum-profile-since = Membre depuis
forum-profile-topics = Sujets ouverts
forum-profile-replies = Réponses
forum-profile-solutions = Réponses qui ont résolu une question
forum-profile-space = Espace
forum-profile-activity = Ses messages
forum-profile-nothing = Pas encore de message visible.
forum-profile-asked = A demandé dans
forum-profile-replied = A répondu dans
forum-account-title = Mon compte du forum
forum-account-pseudonym = Votre pseudonyme : { $name }.
forum-account-profile = Voir mon profil
forum-account-no-pseudonym = Vous choisirez votre pseudonyme avec votre premier message.
forum-account-with-space = Vous vous connectez avec votre espace { $space }.
forum-account-by-email = Vous vous connectez par un lien envoyé à votre adresse e-mail.
forum-settings-title = Ce que le forum vous envoie
forum-settings-no-email = Le forum n’a pas d’adresse e-mail pour vous écrire : vos notifications restent sur la page des notifications.
forum-settings-mail_mentions = Un courriel quand quelqu’un me mentionne (@pseudonyme)
forum-settings-mail_watched = Un courriel pour ce que je suis
forum-settings-mail_watched-hint = Une réponse dans un sujet que je suis (je suis les sujets où j’ai écrit), un nouveau sujet dans une catégorie que je suis.
forum-settings-delivery = Quand recevoir ces courriels
forum-settings-delivery-now = Aussitôt
forum-settings-delivery-daily = En un seul courriel par jour
forum-settings-show_space = Afficher le nom de mon espace sur mon profil
forum-settings-show_space-hint = Seulement si vous vous connectez avec votre espace.
forum-settings-submit = Enregistrer mes choix
forum-settings-submitting = Enregistrement…
forum-settings-saved = Vos choix sont enregistrés.
forum-delete-title = Supprimer mon compte du forum
forum-delete-text = Vos messages restent sur le forum, signés « Ancien membre » : ils aident encore d’autres personnes. Votre pseudonyme, votre adresse et vos notifications sont effacés. Vous pourrez revenir plus tard avec un nouveau compte.
forum-delete-confirm = Je comprends que mon compte du forum sera supprimé
forum-delete-submit = Supprimer mon compte
forum-account-deleted = Votre compte du forum est supprimé. Vos messages restent, sans votre nom.
forum-notifications-title = Mes notifications
forum-notifications-none = Aucune notification pour l’instant. Vous en recevrez quand quelqu’un vous mentionne ou répond dans un sujet que vous suivez.
forum-notifications-unread = { $n ->
    [0] Tout est lu.
    [one] Une notification non lue.
   *[other] { $n } notifications non lues.
}
forum-notifications-mark-read = Tout marquer comme lu
forum-notifications-settings = Choisir ce que le forum m’envoie
forum-notification-unread = Non lue
forum-notification-mention = { $author } vous a mentionné·e dans
forum-notification-reply = { $author } a répondu dans
forum-notification-topic = { $author } a ouvert un sujet dans { $category } :
forum-my-notifications = { $n ->
    [0] Mes notifications
    [one] Mes notifications (1 non lue)
   *[other] Mes notifications ({ $n } non lues)
}
forum-log-in-first = Connectez-vous au forum
forum-log-in-first-text = Cette page est celle de votre compte du forum.
forum-log-in-button = Se connecter au forum
forum-watch-topic = Suivre ce sujet
forum-watch-topic-stop = Ne plus suivre ce sujet
forum-watching-topic = Vous suivez ce sujet : chaque réponse vous est notifiée.
forum-watch-topic-log-in = Se connecter pour suivre ce sujet
forum-watch-category = Suivre cette catégorie
forum-watch-category-stop = Ne plus suivre cette catégorie
forum-watching-category = Vous suivez cette catégorie : chaque nouveau sujet vous est notifié.
forum-watch-category-log-in = Se connecter pour suivre cette catégorie
forum-unsubscribe-title = Ne plus recevoir de courriels du forum
forum-unsubscribe-text = Le forum ne vous enverra plus de courriel pour vos notifications. Elles restent sur votre page de notifications, et vous pourrez changer d’avis dans votre compte.
forum-unsubscribe-submit = Ne plus recevoir ces courriels
forum-unsubscribe-invalid-title = Ce lien ne fonctionne pas
forum-unsubscribe-invalid-text = Ce lien de désabonnement n’est pas valide. Vous pouvez choisir les courriels du forum dans votre compte.
forum-unsubscribed-title = C’est fait
forum-unsubscribed-text = Le forum ne vous enverra plus de courriel pour vos notifications.
forum-delete-link = Supprimer mon compte du forum…
forum-delete-cancel = Garder mon compte
forum-mark-staff = Équipe
forum-mark-referent = Référent·e d’un espace

forum-mod-action-silence = Personne réduite au silence
forum-mod-action-ban = Personne bannie
forum-mod-action-lift = Sanction levée
forum-mod-log-person = Personne : { $name }
forum-mod-log-until = Jusqu’au { $until } inclus
forum-sanction-summary = Sanctionner { $name }
forum-sanction-kind = Sanction
forum-sanction-kind-hint = Une personne réduite au silence lit toujours le forum, connectée, mais n’écrit plus et ne signale plus. Une personne bannie n’accède plus à rien du forum avec sa connexion. Dans les deux cas, le forum lui dit pourquoi et jusqu’à quand.
forum-sanction-kind-silence = Silence (n’écrit plus)
forum-sanction-kind-ban = Bannissement (plus d’accès avec sa connexion)
forum-sanction-until = Jusqu’au (inclus)
forum-sanction-until-hint = Son dernier jour, au plus tard dans deux ans (une date comme 2027-01-31). Elle prend fin à minuit, heure de Paris.
forum-sanction-reason = Motif de la sanction
forum-sanction-reason-hint = La personne la lit, et le journal la garde.
forum-sanction-submit = Appliquer la sanction
forum-sanction-done-silence = La personne est réduite au silence : elle n’écrit plus dès sa prochaine page.
forum-sanction-done-ban = La personne est bannie : sa connexion n’ouvre plus rien dès sa prochaine page.
forum-sanction-done-lift = La sanction est levée.
forum-sanctions = Sanctions en cours
forum-sanctions-none = Aucune sanction en cours.
forum-sanctions-col-who = Personne
forum-sanctions-col-kind = Sanction
forum-sanctions-col-until = Jusqu’au (inclus)
forum-sanctions-col-by = Par, le
forum-sanctions-col-lift = Lever
forum-sanctions-lift-button = Lever
forum-sanctions-lift = Lever la sanction de { $name }
forum-sanctioned-silence = Un modérateur a suspendu votre droit d’écrire sur le forum jusqu’au { $until } inclus. Vous pouvez toujours le lire.
forum-sanctioned-ban = Un modérateur a suspendu votre compte du forum jusqu’au { $until } inclus.
forum-sanctioned-reason = Raison donnée : { $reason }
forum-sanction-title = Sanctionner une personne
forum-sanction-post = Son message dans « { $title } » :
forum-sanction-current = Une sanction est en cours : { $kind }, jusqu’au { $until } inclus, pour « { $reason } ». Une nouvelle la remplace.

# Posts held for approval (a new person logged in by a mailed link).
forum-held-notice = Bienvenue ! Vos premiers messages sont relus par un modérateur avant d’être publiés, en général dans la journée. Dès qu’un message est accepté, les suivants paraissent aussitôt.
forum-pending-title = Mes messages en attente
forum-pending-lead = Un modérateur relit les premiers messages des nouveaux membres avant de les publier, en général dans la journée. Vous les lisez ici tels qu’ils paraîtront ; personne d’autre ne les voit encore, et personne n’est prévenu avant leur publication.
forum-pending-approved = Un modérateur a accepté l’un de vos messages : ce que vous écrivez paraît désormais aussitôt. Ceux ci-dessous attendent encore sa relecture.
forum-pending-none = Aucun message en attente.
forum-pending-question = Votre question « { $title } »
forum-pending-reply = Votre réponse dans « { $title } »
forum-pending-mark = En attente de relecture
forum-pending-topic = Voir le sujet
forum-pending-back = Revenir au forum
forum-mod-held = { $n ->
    [0] Aucun message en attente d’approbation
    [one] { $n } message en attente d’approbation
   *[other] { $n } messages en attente d’approbation
}
forum-mod-held-lead = Les premiers messages des personnes connectées par un lien reçu par e-mail attendent votre relecture. Accepter un message le publie et prévient les personnes concernées ; ensuite, ce que cette personne écrit paraît aussitôt. Refuser le masque, avec une raison.
forum-mod-none-held = Aucun message n’attend d’approbation.
forum-mod-approve = Accepter et publier
forum-mod-refuse = Refuser (masquer)
forum-mod-done-approved = Le message est publié ; son auteur n’est plus relu.
forum-mod-read-topic = Lire le sujet
forum-mod-action-approve = Message accepté

# Merging a duplicate into the older topic it repeats.
forum-merge-link = Fusionner ce sujet dans un autre…
forum-merge-title = Fusionner un sujet en double
forum-merge-this = Le sujet en double :
forum-merge-lead = Ses messages passent dans le sujet gardé (sa question y devient une réponse), avec leurs signalements ; les personnes qui le suivent suivent le sujet gardé, et son adresse y mène désormais. Le sujet gardé est le plus ancien des deux.
forum-merge-like = Sujets plus anciens qui lui ressemblent
forum-merge-like-none = Aucun sujet plus ancien ne porte un titre proche. Indiquez ci-dessous celui à garder.
forum-merge-into-this = Fusionner dans « { $title } »
forum-merge-into-button = Fusionner dans ce sujet
forum-merge-other = Un autre sujet
forum-merge-into = Sujet à garder
forum-merge-into-hint = Son adresse (copiée depuis sa page) ou son numéro.
forum-merge-submit = Fusionner
forum-merge-back = Revenir au sujet sans rien changer
forum-merge-number = n° { $n }
forum-merge-last-post = dernier message le
forum-mod-action-merge = Sujets fusionnés

# Likes.
forum-like = J’aime
forum-like-whose = le message de { $author }
forum-likes = { $n ->
    [one] { $n } personne aime ce message
   *[other] { $n } personnes aiment ce message
}

# Quotes.
forum-quote = Citer
forum-quote-whose = le message de { $author }
forum-quote-wrote = { $author } a écrit :
