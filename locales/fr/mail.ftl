## Courriels : ce que tous partagent

mail-greeting = Bonjour,
mail-signature = L’équipe { $site }
mail-unsubscribe = Se désinscrire
mail-unsubscribe-text = Pour ne plus recevoir nos messages : { $url }
