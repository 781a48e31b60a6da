## Courriels : ce que tous partagent

mail-greeting = Bonjour,
mail-signature = L’équipe { $site }
mail-unsubscribe = Se désinscrire
mail-unsubscribe-text = Pour ne plus recevoir nos messages : { $url }

## Demande d’espace
mail-application-confirm-subject = Confirmez votre demande d’espace { $site }
mail-application-confirm-intro = Vous avez demandé un espace { $site } pour « { $name } », à l’adresse { $address }. Pour que l’équipe l’étudie, confirmez votre adresse e-mail :
mail-application-confirm-action = Confirmer ma demande
mail-application-confirm-expiry = Sans confirmation dans les { $hours } heures, la demande est abandonnée et l’adresse de l’espace redevient libre.
mail-application-status-link = Pour suivre votre demande, gardez ce lien personnel (ne le partagez pas) : { $url }
mail-application-confirm-ignore = Si vous n’avez rien demandé, ignorez ce message : rien ne sera fait.
mail-application-link-subject = Le lien de suivi de votre demande { $site }
mail-application-link-intro = Voici un nouveau lien pour suivre la demande d’espace de « { $name } ». Les liens envoyés auparavant ne fonctionnent plus.
mail-application-link-action = Suivre ma demande
mail-application-link-ignore = Si vous n’avez rien demandé, ignorez ce message.

## Décisions sur une demande
mail-application-approved-subject = Votre espace { $site } est accepté
mail-application-approved-intro = Bonne nouvelle : la demande de « { $name } » est acceptée. Votre espace { $address } est en préparation ; vous recevrez un e-mail dès qu’il sera prêt.
mail-application-rejected-subject = Votre demande d’espace { $site }
mail-application-rejected-intro = Après examen, nous ne pouvons pas ouvrir d’espace pour « { $name } ». Voici pourquoi :
mail-application-waitlisted-subject = Votre demande d’espace { $site } : liste d’attente
mail-application-waitlisted-intro = La demande de « { $name } » est sur la liste d’attente : nous l’étudierons lors de la prochaine vague d’ouvertures.
mail-application-question-subject = Une question sur votre demande d’espace { $site }
mail-application-question-intro = Pour étudier la demande de « { $name } », l’équipe a besoin d’une précision :
mail-application-decision-status = Vous pouvez répondre et suivre votre demande grâce au lien de suivi reçu lors de votre demande (ou en demander un nouveau sur le site).

## The daily moderation digest (staff)
mail-digest-subject = { $site } : { $overdue } en retard, { $fresh } nouvelles demandes
mail-digest-intro = Voici le point quotidien sur les demandes d’espace { $site }.
mail-digest-overdue = { $count ->
    [0] Aucune demande n’attend depuis plus longtemps que promis.
    [one] Une demande attend depuis plus longtemps que promis :
   *[other] { $count } demandes attendent depuis plus longtemps que promis :
}
mail-digest-fresh = { $count ->
    [0] Aucune demande confirmée depuis hier.
    [one] Une demande confirmée depuis hier :
   *[other] { $count } demandes confirmées depuis hier :
}
mail-digest-days = { $count ->
    [0] confirmée aujourd’hui
    [one] { $count } jour
   *[other] { $count } jours
}
mail-digest-more = … et { $count } de plus, dans la file.
mail-digest-action = Ouvrir la file des demandes
mail-digest-opt-out = Vous recevez ce point parce que vous modérez les demandes. Vous pouvez l’arrêter depuis votre espace équipe : { $url }

## The space is ready (to the referent)
mail-space-ready-subject = L’espace de « { $name } » est prêt
mail-space-ready-intro = Bonne nouvelle : l’espace de « { $name } » est prêt, à l’adresse { $address }.
mail-space-ready-login = Votre identifiant est « { $login } ». Nextcloud vient de vous envoyer un autre e-mail avec un lien pour choisir votre mot de passe : ouvrez-le d’abord.
mail-space-ready-steps = Pour bien commencer : choisissez votre mot de passe, ajoutez les membres de votre collectif (jusqu’à 50 comptes), puis créez un premier agenda partagé ou un premier dossier commun.
mail-space-ready-action = Ouvrir votre espace
mail-space-ready-help = Une question ? Les réponses aux questions fréquentes : { $help }
mail-space-ready-dashboard = Le tableau de bord de votre espace, pour suivre ce qu’il utilise et y accueillir vos membres : { $dashboard }

## Alerts, batched (to administrators)
mail-alerts-subject = { $count ->
    [one] Alerte : { $kind }
   *[other] { $count } alertes : { $kind }
}
mail-alerts-intro = { $count ->
    [one] Une nouvelle alerte « { $kind } » est ouverte :
   *[other] { $count } nouvelles alertes « { $kind } » sont ouvertes :
}
mail-alerts-line = { $subject } : { $message }
mail-alerts-more = … et { $count } de plus, sur la page des alertes.
mail-alerts-action = Voir les alertes
mail-alerts-batched = Les alertes d’un même genre sont regroupées : un e-mail au plus par heure. Les suivantes attendent le prochain.

## A space's later life (to the referent)
mail-space-suspended-subject = L’espace de « { $name } » est suspendu
mail-space-suspended-body = L’espace de « { $name } » ({ $address }) est suspendu : personne ne peut s’y connecter pour l’instant, et rien de ce qu’il contient n’est effacé. La raison donnée par l’équipe : { $reason }
mail-space-resumed-subject = L’espace de « { $name } » est de nouveau ouvert
mail-space-resumed-body = L’espace de « { $name } » ({ $address }) est de nouveau ouvert : vous et vos membres pouvez vous y connecter comme avant.
mail-space-deletion-subject = L’espace de « { $name } » sera supprimé le { $date }
mail-space-deletion-body = La suppression de l’espace de « { $name } » ({ $address }) a été demandée. Il sera supprimé le { $date }, avec tous ses fichiers, agendas et contacts : d’ici là, pensez à récupérer ce que vous voulez garder. Si vous ne voulez pas de cette suppression, annulez-la avec le bouton ci-dessous.
mail-space-deletion-action = Annuler la suppression
mail-space-deletion-reminder-subject = Rappel : l’espace de « { $name } » sera supprimé le { $date }
mail-space-deletion-reminder-body = L’espace de « { $name } » ({ $address }) sera supprimé le { $date }, avec tous ses fichiers, agendas et contacts. Récupérez dès maintenant ce que vous voulez garder. Vous pouvez encore annuler la suppression avec le bouton ci-dessous.
mail-space-deletion-cancelled-subject = La suppression de l’espace de « { $name } » est annulée
mail-space-deletion-cancelled-body = La suppression de l’espace de « { $name } » ({ $address }), prévue le { $date }, est annulée : l’espace reste tel qu’il est.
mail-space-removed-subject = L’espace de « { $name } » est supprimé
mail-space-removed-body = L’espace de « { $name } » ({ $address }) est supprimé, avec ses fichiers, sa base de données et ses comptes. Merci d’avoir utilisé Frama.space.
mail-space-renamed-subject = L’espace de « { $name } » a une nouvelle adresse
mail-space-renamed-body = L’espace de « { $name } » a désormais pour adresse { $address }. L’ancienne adresse, { $former }, y mène encore : vos liens et vos applications continuent de fonctionner, mais pensez à les mettre à jour avec la nouvelle.
mail-space-lifecycle-help = Une question ? Les réponses aux questions fréquentes : { $help }

mail-referent-login-subject = Votre lien de connexion au tableau de bord de { $space }
mail-referent-login-intro = Voici votre lien pour ouvrir le tableau de bord de votre espace { $space } :
mail-referent-login-action = Ouvrir mon tableau de bord
mail-referent-login-expiry = Ce lien est valable { $minutes } minutes et ne sert qu’une fois.
mail-referent-login-ignore = Si vous n’avez rien demandé, ignorez ce message : personne ne peut se connecter sans ce lien.
mail-join-subject = Confirmez votre adresse pour rejoindre l’espace de { $space }
mail-join-intro = Bonjour { $name }, vous avez demandé un compte dans l’espace de { $space } ({ $address }). Ouvrez ce lien pour confirmer votre adresse : une page vous demandera de confirmer, puis votre compte sera créé.
mail-join-action = Confirmer mon adresse
mail-join-expiry = Ce lien est valable 24 heures.
mail-join-ignore = Si vous n’avez rien demandé, ignorez ce message : aucun compte ne sera créé.

mail-handover-subject = On vous propose le rôle de référent·e de { $space }
mail-handover-intro = Bonjour { $name }, { $from } vous propose de devenir référent·e de l’espace { $space }.
mail-handover-what = La ou le référent·e est la personne que l’équipe contacte pour cet espace : les e-mails sur sa vie (suspension, suppression) vous seront adressés, et vous pourrez vous connecter au tableau de bord. Vous deviendrez aussi administrateur·rice de l’espace dans Nextcloud.
mail-handover-action = Voir la proposition
mail-handover-expiry = Ce lien est valable { $days } jours. La page qu’il ouvre vous demandera de confirmer.
mail-handover-ignore = Si vous ne souhaitez pas ce rôle, ignorez ce message : rien ne changera.
mail-handed-subject = Le rôle de référent·e de { $space } a été transmis
mail-handed-intro = Bonjour { $former }, { $name } a accepté le { $date } le rôle de référent·e de l’espace { $space } que vous lui avez proposé. Les e-mails sur la vie de l’espace lui seront désormais adressés.
mail-handed-admin = Vous restez administrateur·rice de l’espace dans Nextcloud. Pour ne plus l’être, une autre personne administratrice peut vous retirer ce rôle depuis la page des membres du tableau de bord.
mail-handed-question = Si vous n’êtes pas à l’origine de ce changement, répondez à ce message.

mail-export-subject = L’export de { $space } est prêt
mail-export-intro = Bonjour, l’export de l’espace { $space } que vous avez demandé est prêt : le fichier { $file } ({ $size }) est dans les fichiers du compte { $account }, dossier « Exports ».
mail-export-what = Il contient les fichiers de tous les membres et une copie de la base de données de l’espace (agendas, contacts, tableaux, formulaires…). Téléchargez-le depuis l’application Fichiers de votre espace, puis gardez-le en lieu sûr : il contient les données de tout le monde.
mail-export-action = Ouvrir le dossier Exports
mail-export-after = Le fichier compte dans l’espace de stockage de ce compte : supprimez-le de l’espace une fois téléchargé. Un nouvel export remplace le précédent.

mail-connection-asked-subject = « { $asker } » propose de relier son espace au vôtre
mail-connection-asked-intro = Bonjour, l’association « { $asker } » a trouvé votre espace { $space } dans l’annuaire des associations de Frama.space et propose de relier vos deux espaces.
mail-connection-what = Une fois reliés, les membres de chaque espace apparaissent dans le carnet d’adresses de l’autre, et chacun peut partager des fichiers, des dossiers ou des agendas avec les membres de l’autre espace. Chaque espace reste à part : personne n’entre dans l’autre. Vous pourrez défaire ce lien à tout moment depuis votre tableau de bord.
mail-connection-asked-action = Voir la proposition
mail-connection-asked-after = Seul·e la ou le référent·e de l’espace peut accepter. Si vous ne connaissez pas cette association, refusez simplement : elle ne voit rien de votre espace.
mail-connection-made-subject = Votre espace est relié à « { $peer } »
mail-connection-made-intro = Bonjour, votre espace { $space } est maintenant relié à celui de « { $peer } » ({ $address }).
mail-connection-made-how = Les membres de chaque espace apparaissent dans le carnet d’adresses de l’autre. Pour partager un fichier ou un dossier avec l’un de ses membres, tapez son nom dans le partage, ou son adresse de partage, de la forme nom@{ $address }.
mail-connection-made-action = Voir les associations reliées
mail-connection-made-after = Vous pouvez défaire ce lien à tout moment depuis votre tableau de bord, onglet « Associations ».

mail-forum-login-subject = Votre lien de connexion au forum d’entraide
mail-forum-login-intro = Voici votre lien pour vous connecter au forum d’entraide :
mail-forum-login-action = Me connecter au forum
mail-forum-login-expiry = Ce lien est valable { $minutes } minutes et ne sert qu’une fois.
mail-forum-login-ignore = Si vous n’avez rien demandé, ignorez ce message : personne ne peut se connecter sans ce lien.

mail-forum-read = Lire le message
mail-forum-mention = { $author } vous a mentionné·e dans « { $title } »
mail-forum-reply = { $author } a répondu dans « { $title } »
mail-forum-topic = { $author } a ouvert « { $title } » dans { $category }
mail-forum-why-mention = Vous recevez ce courriel parce qu’un message du forum vous mentionne.
mail-forum-why-reply = Vous recevez ce courriel parce que vous suivez ce sujet (on suit les sujets où l’on a écrit).
mail-forum-why-topic = Vous recevez ce courriel parce que vous suivez cette catégorie.
mail-forum-settings = Choisir les courriels que vous recevez du forum : { $url }
mail-forum-digest-subject = { $count ->
    [one] Du nouveau pour vous sur le forum d’entraide
   *[other] { $count } nouveautés pour vous sur le forum d’entraide
}
mail-forum-digest-intro = { $count ->
    [one] Depuis notre dernier courriel, ceci vous concerne sur le forum d’entraide :
   *[other] Depuis notre dernier courriel, ces { $count } messages vous concernent sur le forum d’entraide :
}
mail-forum-digest-action = Voir mes notifications
mail-forum-excerpt = « { $text } »
