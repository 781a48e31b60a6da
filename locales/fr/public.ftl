## Cadre commun des pages

site-tagline = Des espaces collaboratifs libres pour les associations et les collectifs
site-description = { $site } offre gratuitement aux petites associations et aux collectifs un espace Nextcloud : fichiers, agendas, visios, suite bureautique, sans Google ni Microsoft.
skip-link = Aller au contenu
nav-label = Menu principal
nav-home = Accueil
nav-features = Fonctionnalités
nav-eligibility = Qui peut en bénéficier ?
nav-faq = Questions fréquentes
nav-forum = Entraide
nav-support = Soutenir
nav-newsletter = Lettre d’information
lang-switch-label = Choix de la langue :
lang-switch-link = English
lang-switch-hreflang = en
footer-label = Pied de page
footer-about = { $site } est un service proposé par { $publisher }, financé par vos dons.
footer-legal = Mentions légales
footer-terms = Conditions d’utilisation
footer-accessibility = Accessibilité : partiellement conforme
footer-contact = Contact
title-with-site = { $page } – { $site }

## Accueil

home-title = Un espace collaboratif libre et gratuit pour votre association
home-lead = { $site } offre aux petites associations et aux collectifs militants un espace Nextcloud complet pour travailler ensemble : fichiers, agendas, visioconférences, suite bureautique… Sans Google, sans Microsoft, sans publicité.
home-cta-eligibility = Vérifier si votre structure peut en bénéficier
home-cta-features = Découvrir toutes les fonctionnalités
home-gives-title = Ce que votre espace vous offre
home-figures-title = Votre espace en bref
home-figure-accounts = { $accounts } comptes pour vos membres
home-figure-storage = { $quota } Go d’espace partagé
home-figure-price = Gratuit, sans publicité ni revente de données
home-figure-address = Une adresse à votre nom : mon-asso.{ $domain }
home-why-title = Pourquoi nous le faisons
home-why-1 = Faute d’alternative simple, beaucoup d’associations confient leurs documents, leurs échanges et les données de leurs membres à Google Workspace, Microsoft 365 ou Zoom. Ces services vivent de la collecte de données et rendent difficile d’en partir.
home-why-2 = Avec { $site }, nous voulons que les associations qui agissent pour une société plus juste puissent s’organiser avec des logiciels libres, hébergés de façon éthique, sans avoir à gérer un serveur.
home-why-3 = Chaque espace est un Nextcloud à part entière : vos données restent les vôtres, et vous pouvez les emporter quand vous le souhaitez.
home-for-whom-title = Pour qui ?
home-for-whom-text = Pour les petites associations et les collectifs aux moyens modestes : associations de quartier, collectifs militants, groupes d’entraide, petites structures culturelles ou sportives… Nous pouvons accueillir jusqu’à { $capacity } espaces.
home-for-whom-link = Lire les critères en détail
home-newsletter-title = Être prévenu·e de l’ouverture des inscriptions
home-newsletter-text = Les demandes d’espace ouvrent par vagues. Laissez votre adresse : nous vous écrirons quand les prochaines inscriptions ouvriront, et pour rien d’autre.

## Les fonctionnalités

feature-files-title = Fichiers partagés
feature-files-text = Rangez et partagez les documents de l’association, synchronisés sur vos ordinateurs et vos téléphones.
feature-calendar-title = Agendas
feature-calendar-text = Des agendas communs pour vos réunions, permanences et événements, que chacun·e retrouve dans son téléphone.
feature-contacts-title = Contacts
feature-contacts-text = Un carnet d’adresses partagé pour vos bénévoles, partenaires et fournisseurs.
feature-photos-title = Albums photo partagés
feature-photos-text = Rassemblez les photos de vos événements et partagez-les par un simple lien.
feature-kanban-title = Projets en tableaux Kanban
feature-kanban-text = Organisez vos projets en cartes et en colonnes : qui fait quoi, pour quand.
feature-wiki-title = Documentation façon wiki
feature-wiki-text = Écrivez ensemble la mémoire de votre association : procédures, comptes rendus, guides d’accueil.
feature-video-title = Visioconférences
feature-video-text = Des réunions en visio et des discussions écrites, pour une dizaine de personnes à la fois.
feature-office-title = Suite bureautique en ligne
feature-office-text = Modifiez à plusieurs textes, tableurs et présentations, directement dans le navigateur, avec Collabora (par défaut) ou OnlyOffice.

features-title = Fonctionnalités
features-intro = Chaque espace { $site } est un Nextcloud complet, installé et mis à jour pour vous. Voici ce que vos membres y trouvent.
features-admin-title = Un espace que vous gérez vous-mêmes
features-admin-text = Une personne référente administre l’espace depuis un tableau de bord simple : créer les comptes des membres ou les inviter par un lien, importer une liste depuis un tableur, choisir la suite bureautique, personnaliser le nom et les couleurs, relier votre espace à celui d’autres associations.
features-quota-text = Jusqu’à { $accounts } comptes et { $quota } Go partagés entre tous les comptes.
features-limits-title = Ce que l’espace ne fait pas
features-limits-mail = Il n’héberge pas de boîtes mail ni de listes de diffusion.
features-limits-web = Il n’héberge pas le site web de votre association.
features-limits-e2ee = Il ne chiffre pas vos fichiers de bout en bout (la foire aux questions explique pourquoi).

## Qui peut en bénéficier

eligibility-title = Qui peut bénéficier d’un espace ?
eligibility-intro = { $site } est une ressource limitée, financée par des dons. Nous la réservons aux structures qui en ont le plus besoin et qui ont peu de moyens.
eligibility-yes-title = Vous pouvez faire une demande si…
eligibility-yes-1 = vous êtes une association (loi 1901 ou équivalent) ou un collectif, même non déclaré ;
eligibility-yes-2 = votre action relève de l’intérêt général, de la solidarité, de l’éducation populaire, de l’écologie, de la culture ou de la défense des droits ;
eligibility-yes-3 = votre budget annuel est modeste et vous avez peu ou pas de salarié·es ;
eligibility-yes-4 = { $accounts } comptes et { $quota } Go suffisent à votre groupe ;
eligibility-yes-5 = une personne de votre groupe accepte d’être référente de l’espace.
eligibility-no-title = { $site } n’est pas fait pour…
eligibility-no-companies = les entreprises, même petites, et les auto-entrepreneur·es ;
eligibility-no-schools = les établissements scolaires et universitaires ;
eligibility-no-public = les mairies, collectivités et autres administrations ;
eligibility-no-large = les grandes associations, fédérations et réseaux nationaux, qui ont les moyens d’un hébergement payant.
eligibility-alternatives-title = D’autres solutions pour vous
eligibility-chatons = Le collectif CHATONS rassemble des hébergeurs alternatifs, transparents, ouverts, neutres et solidaires. Plusieurs proposent des espaces Nextcloud, parfois payants, souvent plus adaptés aux structures plus grandes.
eligibility-chatons-link = Trouver un hébergeur CHATONS
eligibility-paid = De nombreuses entreprises proposent aussi un hébergement Nextcloud payant, avec un accompagnement professionnel.
eligibility-paid-link = Voir les hébergeurs Nextcloud
eligibility-review-title = Comment se passe l’examen ?
eligibility-review-text = Chaque demande est lue par une personne de notre équipe. La réponse peut prendre jusqu’à 30 jours : merci de votre patience.

## Questions fréquentes

faq-title = Questions fréquentes
faq-intro = Vous ne trouvez pas votre réponse ? Écrivez-nous à { $email }.
faq-data-q = Où sont nos données, et qui peut les voir ?
faq-data-a = Vos données sont hébergées chez { $host }, dans l’Union européenne, sur des serveurs administrés par { $publisher }. Nous ne les lisons pas, ne les analysons pas et ne les vendons pas. Seules quelques personnes de l’équipe technique ont un accès d’administration, pour la maintenance, et sont tenues à la confidentialité. Le RGPD s’applique.
faq-e2ee-q = Pourquoi vos fichiers ne sont-ils pas chiffrés de bout en bout ?
faq-e2ee-a = Le chiffrement de bout en bout empêcherait la suite bureautique en ligne, l’aperçu des photos, la recherche et le partage par lien de fonctionner, et un mot de passe perdu ferait perdre les fichiers pour toujours. Vos échanges avec l’espace sont chiffrés (HTTPS), et l’accès aux serveurs est strictement limité.
faq-custom-q = Pouvons-nous personnaliser notre espace ?
faq-custom-a = Oui : le nom, le logo et les couleurs de votre espace, le choix de la suite bureautique et l’activation d’applications parmi une sélection que nous maintenons. Pour des raisons de sécurité et de maintenance, nous ne pouvons pas installer n’importe quelle application.
faq-central-q = « Mais n’est-ce pas de la centralisation ? »
faq-central-a = C’est une vraie question, que nous nous posons aussi. Chaque espace reste un Nextcloud indépendant, dont vous pouvez exporter les données à tout moment pour partir chez un autre hébergeur. Nous encourageons les structures qui le peuvent à se tourner vers les hébergeurs du collectif CHATONS, et nous documentons librement ce que nous faisons pour que d’autres puissent le refaire.
faq-review-q = Combien de temps faut-il pour obtenir une réponse ?
faq-review-a = Chaque demande est examinée à la main ; la réponse peut prendre jusqu’à 30 jours. Vous recevez un e-mail dès qu’une décision est prise, et vous pouvez suivre l’état de votre demande en ligne.
faq-free-q = Est-ce vraiment gratuit ?
faq-free-a = Oui. Le service est financé par les dons faits à { $publisher }. Il n’y a ni publicité, ni revente de données, ni offre payante cachée.
faq-leave-q = Et si nous voulons partir ?
faq-leave-a = Vous pouvez télécharger vos fichiers, agendas et contacts dans des formats ouverts à tout moment, puis demander la suppression de votre espace.

## Soutenir

support-title = Soutenir { $site }
support-text = { $site } est gratuit pour les associations parce que des milliers de personnes donnent, un peu ou beaucoup, à { $publisher }. Les dons financent les serveurs et le temps de travail nécessaires.
support-donate = Faire un don
support-tax = En France, un don à une association d’intérêt général ouvre droit à une réduction d’impôt.
support-other-title = Aider autrement
support-other-text = Parlez de { $site } autour de vous, aidez les nouvelles et nouveaux venus sur le forum d’entraide, ou signalez-nous ce qui pourrait être plus simple.

## Mentions légales

legal-title = Mentions légales
legal-publisher-title = Éditeur
legal-publisher-text = Ce site est édité par { $publisher }, { $address }.
legal-director = Directeur ou directrice de la publication : { $director }.
legal-contact = Contact : { $email }.
legal-host-title = Hébergement
legal-host-text = Le site et les espaces sont hébergés par { $host }, { $address }.
legal-data-title = Données personnelles
legal-data-newsletter = Si vous vous inscrivez à la lettre d’information, nous conservons votre adresse e-mail et votre langue, pour vous écrire et pour rien d’autre. Une inscription non confirmée est effacée au bout de 7 jours ; une désinscription efface l’adresse aussitôt.
legal-data-rights = Vous pouvez accéder à vos données, les faire rectifier ou effacer en écrivant à { $email }. Vous pouvez aussi adresser une réclamation à la CNIL.
legal-cookies-title = Cookies
legal-cookies-text = Ce site ne dépose qu’un cookie, et seulement si vous changez de langue : il retient votre choix. Aucun cookie de mesure d’audience ni de publicité.

## Conditions d'utilisation

terms-title = Conditions générales d’utilisation
terms-purpose-title = Objet
terms-purpose-text = Ces conditions encadrent l’utilisation du portail { $site } et des espaces collaboratifs mis gratuitement à disposition des associations et collectifs retenus.
terms-service-title = Le service
terms-service-text = Chaque espace comprend jusqu’à { $accounts } comptes et { $quota } Go de stockage. { $publisher } fait de son mieux pour assurer la disponibilité et la sauvegarde des espaces, sans garantie de résultat : gardez une copie de vos données importantes.
terms-use-title = Vos engagements
terms-use-text = Vous utilisez l’espace pour l’activité de votre structure, dans le respect de la loi : pas de contenus illicites, pas d’envoi massif de messages non sollicités, pas d’usage commercial. La personne référente veille au bon usage de l’espace par les membres.
terms-end-title = Fin du service
terms-end-text = Vous pouvez fermer votre espace à tout moment. Si nous devions arrêter le service ou fermer un espace pour manquement grave, nous vous préviendrions, sauf urgence, au moins 30 jours à l’avance, pour vous laisser le temps de récupérer vos données.
terms-changes-title = Évolution des conditions
terms-changes-text = Ces conditions peuvent évoluer ; les personnes référentes sont prévenues par e-mail de tout changement important.

## Déclaration d'accessibilité

a11y-title = Déclaration d’accessibilité
a11y-intro = { $publisher } s’engage à rendre ses services numériques accessibles, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.
a11y-scope = Cette déclaration s’applique au portail { $site } ({ $url }).
a11y-status-title = État de conformité
a11y-status = Le portail { $site } est partiellement conforme avec le référentiel général d’amélioration de l’accessibilité (RGAA), version 4.1.2.
a11y-results-title = Résultats des tests
a11y-results = Chaque page est vérifiée automatiquement avec axe-core (critères WCAG 2.1 niveaux A et AA) à chaque modification, et testée au clavier et sans JavaScript. Aucun audit complet du RGAA n’a encore été réalisé par un organisme indépendant : c’est pourquoi nous déclarons une conformité partielle.
a11y-nonconform-title = Contenus non accessibles
a11y-nonconform = Aucune non-conformité n’est connue à ce jour. Si vous en rencontrez une, dites-le-nous : nous la corrigerons et l’indiquerons ici.
a11y-date = Cette déclaration a été établie le { $date }.
a11y-tech-title = Technologies utilisées
a11y-tech = HTML, CSS et WebAssembly. Toutes les pages et tous les formulaires fonctionnent aussi sans JavaScript.
a11y-feedback-title = Retour d’information et contact
a11y-feedback = Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez-nous à { $email } : nous vous orienterons vers une alternative accessible ou vous fournirons le contenu sous une autre forme.
a11y-recourse-title = Voies de recours
a11y-recourse-intro = Si vous nous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez :
a11y-recourse-form = écrire un message au Défenseur des droits ;
a11y-recourse-delegate = contacter le ou la délégué·e du Défenseur des droits dans votre région ;
a11y-recourse-mail = envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.

back-home = Retour à l’accueil
