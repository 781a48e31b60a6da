## Pages d’erreur

errorpage-400-title = Demande incorrecte
errorpage-400-text = Cette adresse ou ce formulaire contient quelque chose que nous ne savons pas lire. Repartez de l’accueil et réessayez.
errorpage-401-title = Connexion nécessaire
errorpage-401-text = Cette page est réservée à l’équipe du site. Connectez-vous pour y accéder.
errorpage-403-title = Accès refusé
errorpage-403-text = Vous n’avez pas le droit de voir cette page ou de faire cette action. Si vous pensez que c’est une erreur, écrivez-nous.
errorpage-404-title = Page introuvable
errorpage-404-text = Cette page n’existe pas ou plus. Vérifiez l’adresse, ou repartez de l’accueil.
errorpage-405-title = Action impossible ici
errorpage-405-text = Cette page ne permet pas cette action. Repartez de l’accueil.
errorpage-413-title = Envoi trop volumineux
errorpage-413-text = Ce que vous avez envoyé dépasse la taille permise. Raccourcissez votre texte, puis réessayez.
errorpage-429-title = Trop de demandes
errorpage-429-text = Vous avez fait beaucoup de demandes en peu de temps. Attendez un peu, puis réessayez.
errorpage-500-title = Une erreur est survenue
errorpage-500-text = Un problème de notre côté a empêché l’affichage de cette page. Il est enregistré pour que nous le corrigions ; réessayez dans quelques instants.
errorpage-503-title = Service momentanément indisponible
errorpage-503-text = Le site met trop de temps à répondre, ou il est en maintenance. Réessayez dans quelques instants.
errorpage-code = Code de l’erreur : { $status }
errorpage-request = Référence à nous donner si vous nous écrivez : { $id }
